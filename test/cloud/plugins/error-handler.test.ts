import { Type } from '@sinclair/typebox'
import { DomainError } from '../../../shared/errors'
import type { App } from '../../../cloud/src/app'
import { access } from '../../../cloud/src/plugins/route-access'
import { build } from '../../helpers/build'

/** Test-only routes covering each kind of failure the handler must shape. */
function errorRoutes(app: App): void {
  app.post(
    '/api/test/items',
    {
      config: { access: access.public() },
      schema: {
        body: Type.Object({ title: Type.String({ minLength: 2 }), count: Type.Integer() }),
        querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })) }),
      },
    },
    async (request) => ({ received: request.body.title }),
  )
  app.get('/api/test/domain', { config: { access: access.public() } }, async () => {
    throw new DomainError('CONFLICT', '议题已被他人修改', { version: 3 })
  })
  app.get('/api/test/crash', { config: { access: access.public() } }, async () => {
    throw new Error('secret connection string mongodb://admin:hunter2@db')
  })
}

describe('error handler', () => {
  let app: App
  beforeAll(async () => {
    app = await build({ setup: errorRoutes })
  })

  describe('when the body fails its schema', () => {
    it('answers 400 VALIDATION_FAILED naming the field', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/test/items',
        payload: { title: 'x', count: 1 },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json()).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' })
      expect(res.json().details).toEqual([expect.objectContaining({ field: 'body.title' })])
    })

    it('names a missing required property', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/test/items',
        payload: { title: 'ok' },
      })
      expect(res.statusCode).toBe(400)
      expect(res.json().details).toEqual([expect.objectContaining({ field: 'body.count' })])
    })
  })

  it('names a bad query parameter with its location', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/items?page=0',
      payload: { title: 'ok', count: 1 },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'querystring.page' })])
  })

  it('answers 400 BAD_JSON for malformed JSON', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"title": "unterminated',
    })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ statusCode: 400, code: 'BAD_JSON', message: expect.any(String) })
  })

  it('answers 400 BAD_JSON for an empty JSON body', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/items',
      headers: { 'content-type': 'application/json' },
      payload: '',
    })
    expect(res.json()).toMatchObject({ statusCode: 400, code: 'BAD_JSON' })
  })

  it('answers 413 PAYLOAD_TOO_LARGE for a body over the limit', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/items',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ title: 'x'.repeat(1_100_000), count: 1 }),
    })
    expect(res.statusCode).toBe(413)
    expect(res.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
  })

  it('answers 415 UNSUPPORTED_MEDIA_TYPE for a content type nobody parses', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/test/items',
      headers: { 'content-type': 'application/x-shangliang' },
      payload: 'title=x',
    })
    expect(res.statusCode).toBe(415)
    expect(res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' })
  })

  it('answers 400 BAD_REQUEST with the usual shape for a malformed URL', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/%E0%A4%A' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toEqual({ statusCode: 400, code: 'BAD_REQUEST', message: '请求格式有误' })
    expect(res.headers['x-request-id']).toBeDefined()
  })

  it('answers 404 ROUTE_NOT_FOUND for an unknown route', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/no-such-thing' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ statusCode: 404, code: 'ROUTE_NOT_FOUND', message: '接口不存在' })
  })

  it('renders a thrown DomainError as { statusCode, code, message, details }', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/domain' })
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({
      statusCode: 409,
      code: 'CONFLICT',
      message: '议题已被他人修改',
      details: { version: 3 },
    })
  })

  it('hides the message of an unexpected error behind 500 INTERNAL', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/test/crash' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: '服务器开小差了，请稍后再试',
    })
    expect(res.body).not.toContain('hunter2')
  })
})
