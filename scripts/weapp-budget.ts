/**
 * Run after `taro build --type weapp` (see `npm run build:weapp`): prints each package's size and
 * fails the build when one is over its budget (`scripts/lib/weapp-size.ts`).
 */
import path from 'node:path'
import { checkBudget, measureWeapp } from './lib/weapp-size'

const dist = path.resolve(process.argv[2] ?? 'dist')
const { lines, over } = checkBudget(measureWeapp(dist))
for (const line of lines) process.stderr.write(`[weapp] ${line}\n`)
if (over.length > 0) {
  process.stderr.write(
    `[weapp] 超出体积预算 over budget: ${over.map((pkg) => pkg.name).join(', ')} — move pages to a subpackage or trim dependencies\n`,
  )
  process.exit(1)
}
