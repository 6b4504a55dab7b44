/** Error codes of the topics module, merged into the one catalogue in `shared/errors.ts`. */
export const TOPICS_ERRORS = {} as const satisfies Record<
  string,
  { status: number; message: string }
>
