/** Error codes of the uploads module, merged into the one catalogue in `shared/errors.ts`. */
export const UPLOADS_ERRORS = {} as const satisfies Record<
  string,
  { status: number; message: string }
>
