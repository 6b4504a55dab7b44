/**
 * WeChat's session_key must never leave the server (official login guide). It is wrapped so that JSON
 * serialisation, string interpolation and console/pino inspection print a placeholder; only an explicit
 * `reveal()` (e.g. to decrypt legacy encryptedData) gives the value, and the type is not a string, so a
 * route cannot put it into a response type by accident.
 */
const REDACTED = '[session_key redacted]'

export class SessionKey {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  reveal(): string {
    return this.#value
  }

  toJSON(): string {
    return REDACTED
  }

  toString(): string {
    return REDACTED
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED
  }
}
