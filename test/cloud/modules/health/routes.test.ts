import { startEmbeddedServer } from '../../../../cloud/embedded-db/src/index'
import { buildApp } from '../../../../cloud/src/app'
import { VERSION } from '../../../../cloud/src/version'
import { build, testConfig } from '../../../helpers/build'

describe('GET /health', () => {
  it('reports ok with the embedded DB and the package version', async () => {
    const app = await build()
    const res = await app.inject({ method: 'GET', url: '/health' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toEqual({ status: 'ok', db: 'embedded', version: VERSION })
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('answers 503 degraded once the database stops answering', async () => {
    const server = await startEmbeddedServer({ port: 0 })
    const app = buildApp(testConfig(), { embeddedDbUri: server.uri, logger: false })
    let serverOpen = true
    try {
      await app.ready()
      await server.close()
      serverOpen = false
      const res = await app.inject({ method: 'GET', url: '/health' })
      expect(res.statusCode).toBe(503)
      expect(res.json()).toEqual({ status: 'degraded', db: 'embedded', version: VERSION })
    } finally {
      await app.close()
      if (serverOpen) await server.close()
    }
  })
})
