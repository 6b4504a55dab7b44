/**
 * The database: one mongoose connection per app (`createConnection`, not the global default, so two
 * apps in one process — tests, the seed race test — never share state), decorated as `app.db`
 * and closed when the app closes. Modules reach it through `app.db`, never by importing mongoose here.
 * @see https://mongoosejs.com/docs/connections.html#multiple_connections
 */
import fp from 'fastify-plugin'
import mongoose, { type Connection } from 'mongoose'

export type DbKind = 'embedded' | 'external'

export interface DbOptions {
  uri: string
  dbName: string
  kind: DbKind
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Connection
    dbKind: DbKind
  }
}

export default fp<DbOptions>(
  async (app, { uri, dbName, kind }) => {
    const connection = mongoose.createConnection(uri, {
      dbName,
      // Fail fast instead of the driver's 30 s when the server is not there.
      serverSelectionTimeoutMS: 5_000,
    })
    await connection.asPromise()
    app.decorate('db', connection)
    app.decorate('dbKind', kind)
    app.addHook('onClose', async () => {
      await connection.close()
    })
    app.log.debug({ dbName, kind }, 'database connected')
  },
  { name: 'db' },
)
