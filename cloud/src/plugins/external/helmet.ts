/**
 * Security headers. The CSP is strict ('self' only) but lets the Taro H5 app work: Taro's index.html
 * carries one inline rem-setup script, allowed by its sha256 hash (computed from the built file at
 * start-up), and Taro's components inject <style> elements, hence 'unsafe-inline' for styles only.
 * @see https://github.com/fastify/fastify-helmet
 */
import helmet from '@fastify/helmet'
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
    await app.register(helmet, {
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
  },
  { name: 'helmet' },
)
