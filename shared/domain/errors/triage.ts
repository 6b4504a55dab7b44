/** Error codes of the triage module, merged into the one catalogue in `shared/errors.ts`. */
export const TRIAGE_ERRORS = {} as const satisfies Record<
  string,
  { status: number; message: string }
>
