import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  MAIN_PACKAGE_BUDGET,
  SUBPACKAGE_BUDGET,
  checkBudget,
  measureWeapp,
} from '../../../scripts/lib/weapp-size'

let dist: string

function write(relative: string, bytes: number): void {
  const file = path.join(dist, relative)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, Buffer.alloc(bytes, 0x61))
}

beforeEach(() => {
  dist = fs.mkdtempSync(path.join(os.tmpdir(), 'weapp-size-'))
  fs.writeFileSync(
    path.join(dist, 'app.json'),
    JSON.stringify({
      pages: ['pages/index/index'],
      subPackages: [{ root: 'staff', pages: ['convener/index'] }],
    }),
  )
})

afterEach(() => fs.rmSync(dist, { recursive: true, force: true }))

describe('weapp package sizes', () => {
  it('counts a subpackage root apart from the main package, and the runtime chunks', () => {
    write('taro.js', 1000)
    write('vendors.js', 500)
    write('pages/index/index.js', 200)
    write('staff/convener/index.js', 300)
    write('staffing/notes.js', 7) // same prefix, not inside the root: main package
    const sizes = measureWeapp(dist)
    const appJson = fs.statSync(path.join(dist, 'app.json')).size
    expect(sizes.packages).toEqual([
      { name: 'main', bytes: 1000 + 500 + 200 + 7 + appJson, budget: MAIN_PACKAGE_BUDGET },
      { name: 'staff', bytes: 300, budget: SUBPACKAGE_BUDGET },
    ])
    expect(sizes.runtimeBytes).toBe(1500)
    expect(sizes.pages).toEqual(['pages/index/index', 'staff/convener/index'])
  })

  it('reports a main package over its budget and passes one under it', () => {
    write('vendors.js', MAIN_PACKAGE_BUDGET - 10_000)
    expect(checkBudget(measureWeapp(dist)).over).toEqual([])
    write('pages/index/index.js', 20_000)
    const { over, lines } = checkBudget(measureWeapp(dist))
    expect(over.map((pkg) => pkg.name)).toEqual(['main'])
    expect(lines[0]).toMatch(/^✗ 主包 main/)
  })

  it('reports a subpackage over 2 MB', () => {
    write('staff/big.js', SUBPACKAGE_BUDGET + 1)
    expect(checkBudget(measureWeapp(dist)).over.map((pkg) => pkg.name)).toEqual(['staff'])
  })

  it('says to build first when there is no app.json', () => {
    fs.rmSync(path.join(dist, 'app.json'))
    expect(() => measureWeapp(dist)).toThrow(/build:weapp/)
  })
})
