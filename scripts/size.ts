// Package-size budget for the weapp build: run after `npm run build:weapp`.
// Main package = every file in dist/ outside the subpackage roots listed in dist/app.json.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

const KB = 1024
/** Our own budget for the main package (WeChat's hard limit is 2048 KB). */
const MAIN_BUDGET_KB = 600
/** WeChat's limit for the main package and for each subpackage. */
const PACKAGE_LIMIT_KB = 2048
/** DevTools project files: written to dist/ by Taro but not part of the uploaded code package. */
const NOT_PACKAGED = new Set(['project.config.json', 'project.private.config.json'])

interface AppJson {
  subPackages?: { root: string }[]
  subpackages?: { root: string }[]
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? listFiles(full) : [full]
  })
}

function main(): number {
  const dist = path.resolve(__dirname, '..', 'dist')
  const appJsonPath = path.join(dist, 'app.json')
  if (!existsSync(appJsonPath)) {
    console.error(`size: ${appJsonPath} not found — run \`npm run build:weapp\` first.`)
    return 2
  }
  const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8')) as AppJson
  const roots = [...(appJson.subPackages ?? []), ...(appJson.subpackages ?? [])].map((sub) =>
    sub.root.replace(/^\/+|\/+$/g, ''),
  )

  const bytesByPackage = new Map<string, number>([['main', 0], ...roots.map((root): [string, number] => [root, 0])])
  for (const file of listFiles(dist)) {
    const rel = path.relative(dist, file).split(path.sep).join('/')
    if (NOT_PACKAGED.has(rel)) continue
    const owner = roots.find((root) => rel.startsWith(`${root}/`)) ?? 'main'
    bytesByPackage.set(owner, (bytesByPackage.get(owner) ?? 0) + statSync(file).size)
  }

  const kb = (bytes: number) => bytes / KB
  const total = [...bytesByPackage.values()].reduce((sum, bytes) => sum + bytes, 0)
  const rows = [...bytesByPackage.entries()]
  const width = Math.max(...rows.map(([name]) => name.length), 'total'.length)
  for (const [name, bytes] of rows) {
    console.log(`${name.padEnd(width)}  ${kb(bytes).toFixed(1).padStart(8)} KB`)
  }
  console.log(`${'total'.padEnd(width)}  ${kb(total).toFixed(1).padStart(8)} KB`)

  const problems: string[] = []
  const mainKb = kb(bytesByPackage.get('main') ?? 0)
  if (mainKb > MAIN_BUDGET_KB) problems.push(`main package ${mainKb.toFixed(1)} KB exceeds the ${MAIN_BUDGET_KB} KB budget`)
  for (const [name, bytes] of rows) {
    if (kb(bytes) > PACKAGE_LIMIT_KB) problems.push(`${name} ${kb(bytes).toFixed(1)} KB exceeds WeChat's ${PACKAGE_LIMIT_KB} KB package limit`)
  }
  for (const problem of problems) console.error(`size: ${problem}`)
  if (problems.length === 0) console.log(`size: ok (main ≤ ${MAIN_BUDGET_KB} KB, every package ≤ ${PACKAGE_LIMIT_KB} KB)`)
  return problems.length ? 1 : 0
}

process.exit(main())
