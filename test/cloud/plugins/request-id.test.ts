import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'

describe('request id', () => {
  let app: App
  beforeAll(async () => {
    app = await build()
  })

  it('echoes a caller-supplied x-request-id', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'abc-123' },
    })
    expect(res.headers['x-request-id']).toBe('abc-123')
  })

  it('mints a UUID when none is supplied', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' })
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('replaces an id that is unsafe to log', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/health',
      headers: { 'x-request-id': 'evil\nfake log line' },
    })
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('is present on error responses too', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/missing',
      headers: { 'x-request-id': 'r-404' },
    })
    expect(res.statusCode).toBe(404)
    expect(res.headers['x-request-id']).toBe('r-404')
  })
})
