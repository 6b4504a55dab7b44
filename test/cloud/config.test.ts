import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ConfigError, EnvSchema, loadConfig } from '../../cloud/src/config'

const SECRET_A = 'a'.repeat(32)
const SECRET_B = 'b'.repeat(32)

function configError(run: () => unknown): ConfigError {
  try {
    run()
  } catch (error) {
    if (error instanceof ConfigError) return error
    throw error
  }
  throw new Error('expected a ConfigError')
}

describe('loadConfig', () => {
  describe('with an empty environment', () => {
    it('uses the documented development defaults', () => {
      const config = loadConfig({}, { dataDir: null })
      expect(config).toMatchObject({
        nodeEnv: 'development',
        port: 3000,
        host: '127.0.0.1',
        logLevel: 'info',
        mongodb: { uri: null, dbName: 'shangliang' },
        wechat: { appId: null, secret: null, apiBase: 'https://api.weixin.qq.com' },
        corsOrigins: [],
        demoMode: true,
        publicUrl: null,
      })
      expect(config.h5Dir).toBe(path.resolve('dist-h5'))
      expect(config.jwt.accessSecret.length).toBeGreaterThanOrEqual(32)
      expect(config.jwt.accessSecret).not.toBe(config.jwt.refreshSecret)
    })

    it('resolves DATA_DIR against the working directory', () => {
      const config = loadConfig(
        { JWT_ACCESS_SECRET: SECRET_A, JWT_REFRESH_SECRET: SECRET_B },
        {},
        '/srv/app',
      )
      expect(config.dataDir).toBe('/srv/app/.data')
    })
  })

  it('coerces numbers and booleans from their string form', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DEMO_MODE: 'false',
        RATE_LIMIT_MAX: '12',
        CORS_ORIGINS: 'https://a.example, http://b.example:8080/',
      },
      { dataDir: null },
    )
    expect(config.port).toBe(8080)
    expect(config.demoMode).toBe(false)
    expect(config.rateLimitMax).toBe(12)
    expect(config.corsOrigins).toEqual(['https://a.example', 'http://b.example:8080'])
  })

  it('treats an empty value as unset', () => {
    const config = loadConfig({ MONGODB_URI: '', PORT: ' ' }, { dataDir: null })
    expect(config.mongodb.uri).toBeNull()
    expect(config.port).toBe(3000)
  })

  it('returns a frozen object all the way down', () => {
    const config = loadConfig({}, { dataDir: null })
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.mongodb)).toBe(true)
    expect(Object.isFrozen(config.corsOrigins)).toBe(true)
  })

  it('turns DEMO_MODE off by default when an external MongoDB is configured', () => {
    const config = loadConfig({ MONGODB_URI: 'mongodb://db.internal:27017' }, { dataDir: null })
    expect(config.demoMode).toBe(false)
  })

  describe('with invalid variables', () => {
    it('names every offending variable at once', () => {
      const error = configError(() =>
        loadConfig(
          { PORT: 'eighty', LOG_LEVEL: 'loud', MONGODB_URI: 'postgres://x' },
          { dataDir: null },
        ),
      )
      expect(error.variables.sort()).toEqual(['LOG_LEVEL', 'MONGODB_URI', 'PORT'])
      expect(error.message).toContain('PORT')
    })

    it('rejects a port out of range', () => {
      expect(configError(() => loadConfig({ PORT: '70000' })).variables).toEqual(['PORT'])
    })

    it('rejects a short JWT secret even in development, without printing it', () => {
      const error = configError(() =>
        loadConfig({ JWT_ACCESS_SECRET: 'hunter2-short' }, { dataDir: null }),
      )
      expect(error.variables).toEqual(['JWT_ACCESS_SECRET'])
      expect(error.message).not.toContain('hunter2')
    })

    it('rejects a CORS wildcard mixed with explicit origins', () => {
      const error = configError(() =>
        loadConfig({ CORS_ORIGINS: '*,https://a.example' }, { dataDir: null }),
      )
      expect(error.variables).toEqual(['CORS_ORIGINS'])
    })

    it('requires WECHAT_SECRET when WECHAT_APPID is set', () => {
      const error = configError(() =>
        loadConfig({ WECHAT_APPID: 'wx0123456789abcdef' }, { dataDir: null }),
      )
      expect(error.variables).toEqual(['WECHAT_SECRET'])
    })
  })

  describe('in production', () => {
    const production = {
      NODE_ENV: 'production',
      MONGODB_URI: 'mongodb://db.internal:27017',
      JWT_ACCESS_SECRET: SECRET_A,
      JWT_REFRESH_SECRET: SECRET_B,
    }

    it('accepts a complete configuration and binds all interfaces', () => {
      const config = loadConfig(production, { dataDir: null })
      expect(config.host).toBe('0.0.0.0')
      expect(config.demoMode).toBe(false)
      expect(config.jwt).toEqual({ accessSecret: SECRET_A, refreshSecret: SECRET_B })
    })

    it('refuses the embedded DB', () => {
      const { MONGODB_URI: _omitted, ...env } = production
      expect(configError(() => loadConfig(env)).variables).toEqual(['MONGODB_URI'])
    })

    it('refuses missing JWT secrets instead of generating them', () => {
      const error = configError(() =>
        loadConfig({ NODE_ENV: 'production', MONGODB_URI: production.MONGODB_URI }),
      )
      expect(error.variables).toEqual(['JWT_ACCESS_SECRET', 'JWT_REFRESH_SECRET'])
    })

    it('refuses the same secret for access and refresh tokens', () => {
      const error = configError(() => loadConfig({ ...production, JWT_REFRESH_SECRET: SECRET_A }))
      expect(error.variables).toEqual(['JWT_REFRESH_SECRET'])
    })
  })

  describe('development JWT secrets', () => {
    let dataDir: string
    beforeEach(() => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shangliang-config-'))
    })
    afterEach(() => {
      fs.rmSync(dataDir, { recursive: true, force: true })
    })

    it('are generated once, stored in DATA_DIR/dev-secrets.json and reused', () => {
      const first = loadConfig({}, { dataDir })
      const second = loadConfig({}, { dataDir })
      expect(second.jwt).toEqual(first.jwt)
      const stored = JSON.parse(fs.readFileSync(path.join(dataDir, 'dev-secrets.json'), 'utf8'))
      expect(stored).toEqual(first.jwt)
    })

    it('give way to secrets set in the environment', () => {
      const config = loadConfig({ JWT_ACCESS_SECRET: SECRET_A }, { dataDir })
      expect(config.jwt.accessSecret).toBe(SECRET_A)
      expect(config.jwt.refreshSecret).not.toBe(SECRET_A)
    })
  })
})

describe('WECHAT_TEMPLATES', () => {
  const fields = { title: 'thing1', status: 'phrase2', time: 'time3', note: 'thing4' }

  it('defaults to the fake WeChat templates and takes configured ids over them', () => {
    expect(loadConfig({}, { dataDir: null }).notifications.templates.meeting.templateId).toBe(
      'fake-tmpl-meeting',
    )
    const config = loadConfig(
      { WECHAT_TEMPLATES: JSON.stringify({ topic_progress: { templateId: 'real-id', fields } }) },
      { dataDir: null },
    )
    expect(config.notifications.templates.topic_progress).toEqual({ templateId: 'real-id', fields })
    expect(config.notifications.templates.reply.templateId).toBe('fake-tmpl-reply')
  })

  it.each([
    ['not JSON', '{oops', /must be JSON/],
    ['an unknown template', JSON.stringify({ nope: {} }), /unknown template "nope"/],
    [
      'a field key WeChat has no type for',
      JSON.stringify({
        topic_progress: { templateId: 'x', fields: { ...fields, note: 'words4' } },
      }),
      /fields\.note/,
    ],
  ])('refuses %s, naming the variable', (_what, value, problem) => {
    const error = configError(() => loadConfig({ WECHAT_TEMPLATES: value }, { dataDir: null }))
    expect(error.message).toMatch(/WECHAT_TEMPLATES/)
    expect(error.message).toMatch(problem)
  })

  it('is required in production with real WeChat credentials', () => {
    const error = configError(() =>
      loadConfig({
        NODE_ENV: 'production',
        MONGODB_URI: 'mongodb://db.internal:27017',
        JWT_ACCESS_SECRET: SECRET_A,
        JWT_REFRESH_SECRET: SECRET_B,
        WECHAT_APPID: 'wx1234567890abcdef',
        WECHAT_SECRET: 'secret',
      }),
    )
    expect(error.message).toMatch(/WECHAT_TEMPLATES/)
  })
})

describe('documentation of the configuration', () => {
  // Read by the Taro build (config/index.ts), not by the service.
  const buildTime = ['TARO_APP_API_BASE']
  const variables = [...Object.keys(EnvSchema.properties), ...buildTime]
  const root = path.resolve(__dirname, '..', '..')

  it('lists every variable in .env.example', () => {
    const example = fs.readFileSync(path.join(root, '.env.example'), 'utf8')
    const listed = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1])
    expect(listed.sort()).toEqual([...variables].sort())
  })

  it('describes every variable in the README configuration table', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8')
    const missing = variables.filter((name) => !readme.includes(`| \`${name}\` |`))
    expect(missing).toEqual([])
  })
})
