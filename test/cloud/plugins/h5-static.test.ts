import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createHash } from 'node:crypto'
import type { App } from '../../../cloud/src/app'
import { build } from '../../helpers/build'

const INLINE = 'document.documentElement.style.fontSize = "20px"'

function fakeH5Build(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangliang-h5-'))
  fs.mkdirSync(path.join(dir, 'js'))
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!doctype html><html><head><script>${INLINE}</script><script src="/js/app.0123abcd.js"></script></head><body><div id="app"></div></body></html>`,
  )
  fs.writeFileSync(path.join(dir, 'js', 'app.0123abcd.js'), 'console.log("app")')
  return dir
}

describe('serving the H5 build', () => {
  let app: App
  let dir: string
  beforeAll(async () => {
    dir = fakeH5Build()
    app = await build({ h5Dir: dir })
  })
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('serves index.html at / without long caching', async () => {
    const res = await app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.headers['cache-control']).toBe('no-cache')
  })

  it('serves hashed assets as immutable', async () => {
    const res = await app.inject({ method: 'GET', url: '/js/app.0123abcd.js' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toContain('immutable')
  })

  it('allows exactly the inline script of index.html in the CSP', async () => {
    const res = await app.inject({ method: 'GET', url: '/' })
    const hash = createHash('sha256').update(INLINE).digest('base64')
    expect(String(res.headers['content-security-policy'])).toContain(`'sha256-${hash}'`)
  })

  it('falls back to index.html for a deep link into the app', async () => {
    const res = await app.inject({ method: 'GET', url: '/pages/topic/detail' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<div id="app">')
  })

  it('keeps JSON 404s for unknown API and docs routes', async () => {
    for (const url of ['/api/nope', '/docs/nope']) {
      const res = await app.inject({ method: 'GET', url })
      expect(res.statusCode).toBe(404)
      expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
    }
  })

  it('answers 404 for a missing asset instead of the page', async () => {
    const res = await app.inject({ method: 'GET', url: '/js/missing.js' })
    expect(res.statusCode).toBe(404)
  })

  it('does not fall back for non-GET requests', async () => {
    const res = await app.inject({ method: 'POST', url: '/pages/topic/detail', payload: {} })
    expect(res.statusCode).toBe(404)
  })
})

describe('without an H5 build', () => {
  it('answers 404 ROUTE_NOT_FOUND at /', async () => {
    const app = await build({ h5Dir: path.join(os.tmpdir(), 'shangliang-no-such-dir') })
    const res = await app.inject({ method: 'GET', url: '/' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'ROUTE_NOT_FOUND' })
  })
})
