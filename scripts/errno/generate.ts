/**
 * @module scripts/errno/generate
 * Regenerate the errno table: `npx tsx scripts/errno/generate.ts` re-reads this machine's sources
 * (needs Debian `libc-l10n` — pulled in by `locales-all` — and `musl-tools`) into
 * `scripts/errno/data/`, then builds `src/kb/errno-table.json` from the data folder.
 * `--from-data` skips the first step and only rebuilds the table from the committed data.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildErrnoTable,
  DATA_DIR,
  loadSources,
  renderErrnoTable
} from './build.ts'
import { extractSystem } from './extract.ts'

const root = join(import.meta.dirname, '..', '..')
const written: string[] = []
if (!process.argv.includes('--from-data')) {
  const { linux, catalogs } = extractSystem()
  for (const [file, value] of [
    ['linux.json', linux],
    ['glibc-catalogs.json', catalogs]
  ] as const) {
    const path = join(DATA_DIR, file)
    writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`)
    written.push(path)
  }
}
const table = buildErrnoTable(loadSources())
// The table is written as it is (Prettier leaves it alone: one entry per line); the data is formatted.
writeFileSync(
  join(root, 'src', 'kb', 'errno-table.json'),
  renderErrnoTable(table)
)
if (written.length > 0)
  execFileSync('npx', ['prettier', '--write', ...written], { stdio: 'inherit' })
const ambiguous = table.texts.filter(([, names]) => names.includes(' '))
process.stdout.write(
  `errno: ${table.names.length} errnos, ${table.texts.length} texts (${ambiguous.length} that mean more than one errno)\n`
)
