import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig } from '../../../cloud/src/config'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../cloud/src/seed/demo/accounts'
import { banner, displayWidth, pageUrl } from '../../../scripts/lib/banner'

const URL = 'http://127.0.0.1:3000'
let h5Dir: string

beforeAll(() => {
  h5Dir = mkdtempSync(path.join(os.tmpdir(), 'banner-h5-'))
  writeFileSync(path.join(h5Dir, 'index.html'), '<html></html>')
})

afterAll(() => {
  rmSync(h5Dir, { recursive: true, force: true })
})

function printed(env: Record<string, string>, dir: string | null = h5Dir): string {
  const config = loadConfig({ NODE_ENV: 'development', ...env }, { dataDir: null, h5Dir: dir })
  return banner({ url: URL, db: 'embedded', wechat: 'fake', config })
}

describe('the npm start banner', () => {
  it('lists every demo account, how to log in, and a room link in demo mode', () => {
    const text = printed({ DEMO_MODE: 'true' })
    expect(text).toContain(`${URL}/#/pages/login/index`)
    for (const account of DEMO_ACCOUNTS) {
      const line = text.split('\n').find((row) => row.includes(account.displayName))
      expect(line).toContain(account.roleLabel)
      if (account.staff) expect(line).toContain(`账号 ${account.key} / 密码 ${DEMO_PASSWORD}`)
      else expect(line).not.toContain('密码')
    }
    expect(text).toContain(`${URL}/#/pages/room/index?scene=QJPCX1`)
    expect(text).toContain('长西社区协商议事室')
  })

  it('says how to log in without the H5 app when it was not built', () => {
    const text = printed({ DEMO_MODE: 'true' }, null)
    expect(text).toContain('H5 未构建')
    expect(text).not.toContain('/#/pages/login/index')
  })

  it('prints no accounts when demo mode is off', () => {
    const text = printed({ DEMO_MODE: 'false' })
    expect(text).toContain('off 关')
    expect(text).not.toContain(DEMO_PASSWORD)
    expect(text).not.toContain('张阿姨')
  })

  it('lines up Chinese names by their width on screen', () => {
    expect(displayWidth('张阿姨')).toBe(6)
    expect(displayWidth('abc')).toBe(3)
    const rows = printed({ DEMO_MODE: 'true' })
      .split('\n')
      .filter((row) => DEMO_ACCOUNTS.some((account) => row.includes(account.roleLabel)))
    const starts = rows.map((row) => {
      const account = DEMO_ACCOUNTS.find((candidate) => row.includes(candidate.displayName))
      const head = row.slice(0, row.lastIndexOf(account?.roleLabel ?? ''))
      return displayWidth(head)
    })
    expect(new Set(starts).size).toBe(1)
  })

  it('builds hash-router page URLs', () => {
    expect(pageUrl(URL, 'pages/room/index', { scene: 'QJPCX1' })).toBe(
      `${URL}/#/pages/room/index?scene=QJPCX1`,
    )
  })
})
