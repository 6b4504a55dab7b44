import type { App } from '../../../cloud/src/app'
import { access } from '../../../cloud/src/plugins/route-access'
import { build } from '../../helpers/build'

describe('rate limit', () => {
  let app: App
  beforeAll(async () => {
    app = await build({
      env: { RATE_LIMIT_MAX: '2' },
      setup(app) {
        app.get('/api/test/default', { config: { access: access.public() } }, async () => ({
          ok: true,
        }))
        app.get(
          '/api/test/strict',
          { config: { access: access.public(), rateLimit: { max: 1, timeWindow: 60_000 } } },
          async () => ({ ok: true }),
        )
      },
    })
  })

  it('answers 429 RATE_LIMITED once the global limit per minute is spent', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await app.inject({ method: 'GET', url: '/api/test/default' })).statusCode)
    }
    expect(statuses).toEqual([200, 200, 429])
    const res = await app.inject({ method: 'GET', url: '/api/test/default' })
    expect(res.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' })
    expect(res.headers['retry-after']).toBeDefined()
  })

  it('lets a route set its own tighter limit', async () => {
    const first = await app.inject({ method: 'GET', url: '/api/test/strict' })
    const second = await app.inject({ method: 'GET', url: '/api/test/strict' })
    expect([first.statusCode, second.statusCode]).toEqual([200, 429])
  })

  it('never limits the health check', async () => {
    const statuses = new Set<number>()
    for (let i = 0; i < 5; i += 1) {
      statuses.add((await app.inject({ method: 'GET', url: '/health' })).statusCode)
    }
    expect([...statuses]).toEqual([200])
  })
})
