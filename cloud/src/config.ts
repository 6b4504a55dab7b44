/**
 * The service configuration: read from the environment ONCE at start-up, validated, coerced and frozen.
 * Nothing else in `cloud/` reads `process.env`; everything receives a `Config`.
 * Every variable is documented in `.env.example`.
 */
import path from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'
import { resolveDevSecrets } from './config-secrets'
import { parseTemplateConfig } from './config-templates'
import type { TemplateConfigs } from './modules/notifications/enqueue'

const LogLevel = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
)
const HttpUrl = Type.String({ pattern: '^https?://[^\\s]+$' })

/** The environment as strings come in; `Value.Convert` turns "3000"/"true" into numbers/booleans. */
export const EnvSchema = Type.Object({
  NODE_ENV: Type.Union(
    [Type.Literal('development'), Type.Literal('test'), Type.Literal('production')],
    { default: 'development' },
  ),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(LogLevel.anyOf, { default: 'info' }),
  MONGODB_URI: Type.Optional(Type.String({ pattern: '^mongodb(\\+srv)?://[^\\s]+$' })),
  MONGODB_DB: Type.String({ pattern: '^[A-Za-z0-9_-]{1,63}$', default: 'shangliang' }),
  DATA_DIR: Type.String({ minLength: 1, default: './.data' }),
  JWT_ACCESS_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  JWT_REFRESH_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  WECHAT_APPID: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' })),
  WECHAT_SECRET: Type.Optional(Type.String({ minLength: 1 })),
  WECHAT_API_BASE: Type.String({ ...HttpUrl, default: 'https://api.weixin.qq.com' }),
  CORS_ORIGINS: Type.String({ default: '' }),
  H5_DIR: Type.String({ minLength: 1, default: 'dist-h5' }),
  DEMO_MODE: Type.Optional(Type.Boolean()),
  PUBLIC_URL: Type.Optional(HttpUrl),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, default: 300 }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  WECHAT_TEMPLATES: Type.Optional(Type.String({ minLength: 2 })),
  NOTIFY_WORKER: Type.Boolean({ default: true }),
  NOTIFY_RATE_PER_SECOND: Type.Number({ exclusiveMinimum: 0, maximum: 10_000, default: 20 }),
})
export type Env = Static<typeof EnvSchema>
export type LogLevelName = Static<typeof LogLevel>
export type NodeEnv = Env['NODE_ENV']

export interface Config {
  readonly nodeEnv: NodeEnv
  readonly port: number
  readonly host: string
  readonly logLevel: LogLevelName
  /** `uri: null` → the embedded DB (development and tests only). */
  readonly mongodb: { readonly uri: string | null; readonly dbName: string }
  /** Absolute; `null` → nothing persisted (embedded DB in memory, throw-away dev secrets). */
  readonly dataDir: string | null
  readonly jwt: { readonly accessSecret: string; readonly refreshSecret: string }
  readonly wechat: {
    readonly appId: string | null
    readonly secret: string | null
    readonly apiBase: string
  }
  /** Exact origins allowed cross-origin; `['*']` = any origin, without credentials. */
  readonly corsOrigins: readonly string[]
  /** Absolute folder of the Taro H5 build; `null` → no static serving. */
  readonly h5Dir: string | null
  readonly demoMode: boolean
  readonly publicUrl: string | null
  /** Requests per minute per client IP on `/api/*` (routes may override). */
  readonly rateLimitMax: number
  /** Behind a reverse proxy: take the client IP (rate limits, logs) from X-Forwarded-For. */
  readonly trustProxy: boolean
  /**
   * Subscription-message templates (WECHAT_TEMPLATES; the fake WeChat's by default); whether this
   * instance runs the outbox worker and the scheduler (NOTIFY_WORKER) and its WeChat send rate
   * (NOTIFY_RATE_PER_SECOND).
   */
  readonly notifications: {
    readonly templates: TemplateConfigs
    readonly worker: boolean
    readonly ratePerSecond: number
  }
}

/** Values the process (tests, `startStack`) decides instead of the environment. */
export interface ConfigOverrides {
  port?: number
  host?: string
  dataDir?: string | null
  h5Dir?: string | null
}

/** One problem per offending variable, so the operator can fix them all in one go. */
export class ConfigError extends Error {
  readonly problems: ReadonlyArray<{ variable: string; problem: string }>

  constructor(problems: ReadonlyArray<{ variable: string; problem: string }>) {
    super(
      `配置无效 Invalid configuration:\n${problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n')}`,
    )
    this.name = 'ConfigError'
    this.problems = problems
  }

  get variables(): string[] {
    return this.problems.map((p) => p.variable)
  }
}

type Problem = { variable: string; problem: string }

/** Keeps only our variables; an empty value (`MONGODB_URI=` copied from .env.example) counts as unset. */
function pickEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const picked: Record<string, string> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key]?.trim()
    if (value) picked[key] = value
  }
  return picked
}

// Their values never appear in an error message (which ends up in logs and terminals).
const SECRET_VARIABLES = new Set([
  'JWT_ACCESS_SECRET',
  'JWT_REFRESH_SECRET',
  'WECHAT_SECRET',
  'MONGODB_URI',
])

function explain(
  variable: string,
  error: { message: string; value: unknown; schema: unknown },
): string {
  // A union of literals ("expected union value") is more useful as the list of allowed values.
  const options = (error.schema as { anyOf?: Array<{ const?: unknown }> }).anyOf
  const allowed = options?.every((o) => typeof o.const === 'string')
    ? `expected one of ${options.map((o) => String(o.const)).join(' | ')}`
    : error.message
  const got = SECRET_VARIABLES.has(variable) ? 'value hidden' : `got ${JSON.stringify(error.value)}`
  return `${allowed} (${got})`
}

function schemaProblems(value: unknown): Problem[] {
  const seen = new Map<string, string>()
  for (const error of Value.Errors(EnvSchema, value)) {
    const variable = error.path.replace(/^\//, '') || '(environment)'
    if (!seen.has(variable)) seen.set(variable, explain(variable, error))
  }
  return [...seen].map(([variable, problem]) => ({ variable, problem }))
}

function parseCorsOrigins(raw: string, problems: Problem[]): string[] {
  const origins = raw
    .split(',')
    .map((o) => o.trim().replace(/\/$/, ''))
    .filter(Boolean)
  if (origins.includes('*') && origins.length > 1) {
    problems.push({
      variable: 'CORS_ORIGINS',
      problem: '"*" cannot be combined with other origins',
    })
  }
  const bad = origins.filter((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o))
  if (bad.length > 0) {
    problems.push({ variable: 'CORS_ORIGINS', problem: `not an origin: ${bad.join(', ')}` })
  }
  return origins
}

/** Rules that involve several variables or depend on NODE_ENV. */
function crossChecks(env: Env, problems: Problem[]): void {
  if (Boolean(env.WECHAT_APPID) !== Boolean(env.WECHAT_SECRET)) {
    const missing = env.WECHAT_APPID ? 'WECHAT_SECRET' : 'WECHAT_APPID'
    problems.push({ variable: missing, problem: 'WECHAT_APPID and WECHAT_SECRET go together' })
  }
  const templates = parseTemplateConfig(env.WECHAT_TEMPLATES)
  if (!templates.ok) problems.push({ variable: 'WECHAT_TEMPLATES', problem: templates.problem })
  if (env.NODE_ENV !== 'production') return
  if (env.WECHAT_APPID && !env.WECHAT_TEMPLATES) {
    problems.push({
      variable: 'WECHAT_TEMPLATES',
      problem: 'required in production with real WeChat (the defaults are the fake server’s ids)',
    })
  }
  if (!env.MONGODB_URI) {
    problems.push({
      variable: 'MONGODB_URI',
      problem: 'required in production (the embedded DB is for development and tests only)',
    })
  }
  for (const name of ['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'] as const) {
    if (!env[name]) problems.push({ variable: name, problem: 'required in production (≥32 chars)' })
  }
  if (env.JWT_ACCESS_SECRET && env.JWT_ACCESS_SECRET === env.JWT_REFRESH_SECRET) {
    problems.push({ variable: 'JWT_REFRESH_SECRET', problem: 'must differ from JWT_ACCESS_SECRET' })
  }
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>()
  return problems.filter((p) => !seen.has(p.variable) && seen.add(p.variable))
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object)
  }
  return Object.freeze(value)
}

/**
 * Validates `env` and returns the frozen config. Throws `ConfigError` naming every bad variable.
 * Outside production, missing JWT secrets are generated once and kept in `DATA_DIR/dev-secrets.json`.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  overrides: ConfigOverrides = {},
  cwd: string = process.cwd(),
): Config {
  const raw: unknown = Value.Convert(EnvSchema, Value.Default(EnvSchema, pickEnv(env)))
  const problems = schemaProblems(raw)
  // Cross-checks only look at presence/equality, so they are safe on a partly invalid environment
  // and let one start-up report every problem.
  const parsed = raw as Env
  const corsOrigins = parseCorsOrigins(String(parsed.CORS_ORIGINS ?? ''), problems)
  crossChecks(parsed, problems)
  if (problems.length > 0) throw new ConfigError(dedupe(problems))

  const production = parsed.NODE_ENV === 'production'
  const dataDir =
    overrides.dataDir === undefined ? path.resolve(cwd, parsed.DATA_DIR) : overrides.dataDir
  const h5Dir = overrides.h5Dir === undefined ? path.resolve(cwd, parsed.H5_DIR) : overrides.h5Dir
  const mongoUri = parsed.MONGODB_URI ?? null
  const jwt = resolveDevSecrets(
    { accessSecret: parsed.JWT_ACCESS_SECRET, refreshSecret: parsed.JWT_REFRESH_SECRET },
    dataDir,
  )

  return deepFreeze<Config>({
    nodeEnv: parsed.NODE_ENV,
    port: overrides.port ?? parsed.PORT,
    host: overrides.host ?? parsed.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    logLevel: parsed.LOG_LEVEL,
    mongodb: { uri: mongoUri, dbName: parsed.MONGODB_DB },
    dataDir,
    jwt,
    wechat: {
      appId: parsed.WECHAT_APPID ?? null,
      secret: parsed.WECHAT_SECRET ?? null,
      apiBase: parsed.WECHAT_API_BASE.replace(/\/$/, ''),
    },
    corsOrigins,
    h5Dir,
    demoMode: parsed.DEMO_MODE ?? mongoUri === null,
    publicUrl: parsed.PUBLIC_URL?.replace(/\/$/, '') ?? null,
    rateLimitMax: parsed.RATE_LIMIT_MAX,
    trustProxy: parsed.TRUST_PROXY,
    notifications: {
      templates: (parseTemplateConfig(parsed.WECHAT_TEMPLATES) as { templates: TemplateConfigs })
        .templates,
      worker: parsed.NOTIFY_WORKER,
      ratePerSecond: parsed.NOTIFY_RATE_PER_SECOND,
    },
  })
}

/** A copy with some fields replaced (e.g. the fake WeChat's base URL once it listens); still frozen. */
export function withConfig(config: Config, patch: Partial<Config>): Config {
  return deepFreeze<Config>({ ...config, ...patch })
}
