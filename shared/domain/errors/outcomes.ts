/** Error codes of the outcomes module, merged into the one catalogue in `shared/errors.ts`. */
export const OUTCOMES_ERRORS = {} as const satisfies Record<
  string,
  { status: number; message: string }
>
