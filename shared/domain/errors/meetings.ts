/** Error codes of the meetings module, merged into the one catalogue in `shared/errors.ts`. */
export const MEETINGS_ERRORS = {} as const satisfies Record<
  string,
  { status: number; message: string }
>
