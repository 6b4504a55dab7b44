/**
 * Serves the Taro H5 build (H5_DIR) when it exists, so `npm start` is one origin for page and API.
 * `index.html` is revalidated on every load (it names the current hashed bundles); the hashed
 * assets themselves are cached for a year.
 * @see https://github.com/fastify/fastify-static
 */
import fs from 'node:fs'
import path from 'node:path'
import { createHash } from 'node:crypto'
import fastifyStatic from '@fastify/static'
import fp from 'fastify-plugin'

export const INDEX_FILE = 'index.html'

/** The folder to serve, or null when there is no build there (the API still works without it). */
export function h5Root(h5Dir: string | null): string | null {
  if (!h5Dir) return null
  return fs.existsSync(path.join(h5Dir, INDEX_FILE)) ? h5Dir : null
}

/** CSP sources (`sha256-…`) for the inline <script> blocks of the built index.html. */
export function inlineScriptHashes(root: string | null): string[] {
  if (!root) return []
  const html = fs.readFileSync(path.join(root, INDEX_FILE), 'utf8')
  const hashes: string[] = []
  for (const match of html.matchAll(/<script(\s[^>]*)?>([\s\S]*?)<\/script>/gi)) {
    const [, attributes = '', body = ''] = match
    if (/\ssrc\s*=/i.test(attributes) || body.length === 0) continue
    hashes.push(`sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}`)
  }
  return hashes
}

export default fp<{ root: string }>(
  async (app, { root }) => {
    await app.register(fastifyStatic, {
      root,
      prefix: '/',
      cacheControl: false,
      setHeaders(reply, filePath) {
        const immutable = /\.[0-9a-f]{8}\.(js|css)$/.test(filePath)
        void reply.header(
          'cache-control',
          immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        )
      },
    })
  },
  { name: 'h5-static' },
)
