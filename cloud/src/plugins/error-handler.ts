/**
 * The ONE error handler: every failure leaves the service as `{ statusCode, code, message }`
 * (+ `details` for validation), with `code` from `shared/errors.ts`, so clients switch on `code`.
 * Bad input is always a 4xx; anything unexpected is a 500 whose message is hidden (and logged with
 * the request id). Installed before any route so every route inherits it.
 * @see https://fastify.dev/docs/latest/Reference/Errors/
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { DomainError, ERRORS, isErrorCode, type ErrorCode } from '../../../shared/errors'

export interface ErrorBody {
  statusCode: number
  code: ErrorCode
  message: string
  details?: unknown
}

export interface FieldProblem {
  /** Where the problem is, e.g. `body.title` or `querystring.page`. */
  field: string
  message: string
}

type MaybeFastifyError = Partial<FastifyError> & { name?: string; message?: string }

const FRAMEWORK_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
}

const STATUS_CODES: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
}

function isDomainError(error: unknown): error is DomainError {
  return (
    error instanceof DomainError ||
    (error instanceof Error &&
      error.name === 'DomainError' &&
      isErrorCode((error as DomainError).code))
  )
}

function fieldProblems(error: MaybeFastifyError): FieldProblem[] {
  const context = error.validationContext ?? 'body'
  return (error.validation ?? []).map((issue) => {
    const params = issue.params as Record<string, unknown> | undefined
    const missing = typeof params?.missingProperty === 'string' ? `/${params.missingProperty}` : ''
    const pointer = `${issue.instancePath ?? ''}${missing}`
    return {
      field: [context, ...pointer.split('/').filter(Boolean)].join('.'),
      message: issue.message ?? 'invalid',
    }
  })
}

/** Pure mapping from anything thrown to the public body; exported for tests and other transports. */
export function toErrorBody(error: unknown): ErrorBody {
  if (isDomainError(error)) {
    const body: ErrorBody = {
      statusCode: error.statusCode,
      code: error.code,
      message: error.message,
    }
    if (error.details !== undefined) body.details = error.details
    return body
  }
  const e = (error ?? {}) as MaybeFastifyError
  if (Array.isArray(e.validation)) {
    return { ...catalogue('VALIDATION_FAILED'), details: fieldProblems(e) }
  }
  const byCode = e.code ? FRAMEWORK_CODES[e.code] : undefined
  if (byCode) return catalogue(byCode)
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500
  if (status >= 400 && status < 500) {
    // A parser's SyntaxError (e.g. a custom JSON parser) is still bad JSON, not a server fault.
    if (e.name === 'SyntaxError') return catalogue('BAD_JSON')
    const code = STATUS_CODES[status] ?? 'BAD_REQUEST'
    return { ...catalogue(code), statusCode: status }
  }
  return catalogue('INTERNAL')
}

function catalogue(code: ErrorCode): ErrorBody {
  return { statusCode: ERRORS[code].status, code, message: ERRORS[code].message }
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): void {
  const body = toErrorBody(error)
  if (body.statusCode >= 500) {
    request.log.error({ err: error, url: request.url, method: request.method }, 'request failed')
  } else {
    request.log.info({ code: body.code, reason: (error as Error)?.message }, 'request rejected')
  }
  void reply.code(body.statusCode).send(body)
}

export default fp(
  async (app) => {
    app.setErrorHandler((error, request, reply) => handleError(error, request, reply))
  },
  { name: 'error-handler' },
)
