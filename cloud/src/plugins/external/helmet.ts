/**
 * Security headers. The CSP is strict ('self' only) but lets the Taro H5 app work: Taro's index.html
 * carries one inline rem-setup script, allowed by its sha256 hash (computed from the built file at
 * start-up), and Taro's components inject <style> elements, hence 'unsafe-inline' for styles only.
 *
 * The helmet middleware is built ONCE here and applied on every request. (@fastify/helmet, used
 * before, rebuilt it — parsing the CSP directives again — on every request: about 17 µs each, a
 * visible share of a cached feed page's cost. The headers are the same; this app used neither its
 * per-route `helmet` options nor its `reply.helmet`/`reply.cspNonce` decorators.)
 * @see https://helmetjs.github.io/
 */
import helmet from 'helmet'
import fp from 'fastify-plugin'
import type { Config } from '../../config'

export interface HelmetOptions {
  config: Config
  /** `'sha256-…'` sources for the inline scripts of the served index.html. */
  inlineScriptHashes: readonly string[]
}

export default fp<HelmetOptions>(
  async (app, { config, inlineScriptHashes }) => {
    const httpsOnly = config.publicUrl?.startsWith('https://') ?? false
    const applyHeaders = helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", ...inlineScriptHashes.map((h) => `'${h}'`)],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          workerSrc: ["'self'", 'blob:'],
          objectSrc: ["'none'"],
          baseUri: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          // Only behind HTTPS: on plain-http development it would break every asset request.
          ...(httpsOnly ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS over plain http is ignored by browsers but misleading in a dev setup.
      strictTransportSecurity: httpsOnly,
    })
    app.addHook('onRequest', (request, reply, done) => {
      applyHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined))
    })
  },
  { name: 'helmet' },
)
