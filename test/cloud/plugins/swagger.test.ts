import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'

describe('GET /docs/json', () => {
  let app: App
  beforeAll(async () => {
    app = await build()
  })

  it('serves an OpenAPI 3 document listing /health with its schema', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/json' })
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(doc.info.title).toContain('商量')
    expect(doc.info.title).toContain('Shangliang')
    expect(doc.paths['/health'].get.responses).toHaveProperty('200')
    expect(doc.paths['/health'].get.responses).toHaveProperty('503')
  })

  it('serves Swagger UI at /docs', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
  })
})
