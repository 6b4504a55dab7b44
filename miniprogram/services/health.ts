import { request } from './request'

export type DatabaseKind = 'embedded' | 'external' | 'unknown'

/** GET /health as the service sends it (cloud/src/modules/health/schema.ts); 503 when degraded. */
interface HealthBody {
  status: 'ok' | 'degraded'
  db: 'embedded' | 'external'
  version: string
}

export interface ServiceHealth {
  ok: boolean
  database: DatabaseKind
  version: string
}

/** Is the service up, which database does it use, and which version is it? */
export async function fetchHealth(): Promise<ServiceHealth> {
  const body = await request<Partial<HealthBody>>('/health')
  return {
    ok: body.status === 'ok',
    database: body.db === 'embedded' || body.db === 'external' ? body.db : 'unknown',
    version: typeof body.version === 'string' ? body.version : '',
  }
}
