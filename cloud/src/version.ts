import pkg from '../../package.json'

/** The service version reported by /health and the OpenAPI document. */
export const VERSION: string = pkg.version
