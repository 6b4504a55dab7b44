/** Error codes of the comments module, merged into the one catalogue in `shared/errors.ts`. */
export const COMMENTS_ERRORS = {} as const satisfies Record<
  string,
  { status: number; message: string }
>
