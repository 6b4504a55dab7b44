import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'

describe('security headers and CORS', () => {
  describe('with the default configuration', () => {
    let app: App
    beforeAll(async () => {
      app = await build()
    })

    it('sends a strict content security policy and the usual helmet headers', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' })
      const csp = String(res.headers['content-security-policy'])
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('upgrade-insecure-requests')
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN')
    })

    it('allows no cross-origin caller', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://evil.example' },
      })
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
    })
  })

  describe('with CORS_ORIGINS listing exact origins', () => {
    let app: App
    beforeAll(async () => {
      app = await build({ env: { CORS_ORIGINS: 'https://admin.example' } })
    })

    it('echoes a listed origin and allows credentials', async () => {
      const res = await app.inject({
        method: 'OPTIONS',
        url: '/api/anything',
        headers: { origin: 'https://admin.example', 'access-control-request-method': 'POST' },
      })
      expect(res.statusCode).toBe(204)
      expect(res.headers['access-control-allow-origin']).toBe('https://admin.example')
      expect(res.headers['access-control-allow-credentials']).toBe('true')
    })

    it('ignores an origin that is not listed', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://other.example' },
      })
      expect(res.headers['access-control-allow-origin']).toBeUndefined()
    })
  })

  describe('with the CORS wildcard', () => {
    let app: App
    beforeAll(async () => {
      app = await build({ env: { CORS_ORIGINS: '*' } })
    })

    it('allows any origin but never with credentials', async () => {
      const res = await app.inject({
        method: 'GET',
        url: '/health',
        headers: { origin: 'https://anyone.example' },
      })
      expect(res.headers['access-control-allow-origin']).toBe('*')
      expect(res.headers['access-control-allow-credentials']).toBeUndefined()
    })
  })

  describe('behind HTTPS (PUBLIC_URL)', () => {
    let app: App
    beforeAll(async () => {
      app = await build({ env: { PUBLIC_URL: 'https://shangliang.example' } })
    })

    it('adds HSTS and upgrade-insecure-requests', async () => {
      const res = await app.inject({ method: 'GET', url: '/health' })
      expect(res.headers['strict-transport-security']).toContain('max-age=')
      expect(String(res.headers['content-security-policy'])).toContain('upgrade-insecure-requests')
    })
  })
})
