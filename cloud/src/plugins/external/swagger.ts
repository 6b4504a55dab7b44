/**
 * The OpenAPI 3 document, generated from the routes' TypeBox schemas, at `/docs/json`
 * (`/docs/yaml`), and Swagger UI at `/docs`. Must load before any route so it sees them all.
 * @see https://github.com/fastify/fastify-swagger
 */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import fp from 'fastify-plugin'

export const DOCS_PREFIX = '/docs'

export default fp<{ version: string }>(
  async (app, { version }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.0.3',
        info: {
          title: '商量 Shangliang API',
          description:
            '商量（有事好商量 · 码上议）的服务接口：扫码进入协商议事室、提出议题、附议、协商、交办、反馈。\n\n' +
            'The Shangliang service API: scan a consultation room code, raise topics, support them, ' +
            'consult, assign action items and report back. Errors are `{ statusCode, code, message }`.',
          version,
          license: { name: 'MIT' },
        },
        tags: [{ name: 'health', description: '运行状态 Service status' }],
        components: {
          securitySchemes: {
            bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          },
        },
      },
    })
    await app.register(swaggerUi, { routePrefix: DOCS_PREFIX })
  },
  { name: 'swagger' },
)
