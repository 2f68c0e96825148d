/**
 * @module kb/cache
 * The compiled KB kept between runs, so that a command does not parse the Markdown again when the
 * articles have not changed. An entry is keyed by the content of the KB folder (every file's path
 * and bytes), by the format version, and by the compiler's own code (the modules of this folder
 * and the error messages), so that it is never stale: any edit makes a new key, and a key that
 * does not match is a miss. A file that cannot be read, does not parse, or is not an entry of this
 * version is ignored and replaced.
 */
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, utimesSync } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { VFileMessage } from 'vfile-message'
import { KB_FORMAT_VERSION } from './format.ts'
import type { Finding } from './load.ts'
import { createTreeStore, withTreeStore } from './trees.ts'
import type { Kb } from './types.ts'

/** Bump when the shape of a cache entry changes. */
const CACHE_VERSION = 1

/** A finding as the cache keeps it: what the CLI and the services read of a `VFileMessage`. */
interface StoredFinding {
  reason: string
  file: string | undefined
  line: number | undefined
  column: number | undefined
  ruleId: string | undefined
  source: string | undefined
  fatal: boolean | undefined
}

interface Entry {
  cacheVersion: number
  key: string
  kb: Kb
  findings: StoredFinding[]
}

/**
 * The KB folders whose entries the cache keeps, the most recently used; older ones are deleted when
 * a new entry is written, so folders compiled once (a checkout since removed, a test's copy) do not
 * fill the disk.
 */
export const CACHE_FOLDERS_KEPT = 8

/** Where `loadKbCached` got the KB from. */
export type CacheOutcome = 'hit' | 'miss'

/**
 * The cache folder: `$XDG_CACHE_HOME/remedy` when that is set, else `node_modules/.cache/remedy` in
 * this package (where build tools keep their caches).
 * @param env The environment (passed in: this layer reads no process state).
 * @returns An absolute folder path.
 */
export function kbCacheDir(env: Record<string, string | undefined>): string {
  const xdg = env.XDG_CACHE_HOME
  if (xdg !== undefined && xdg !== '') return resolve(xdg, 'remedy')
  // The same path from src/kb/ and from dist/kb/.
  return join(
    import.meta.dirname,
    '..',
    '..',
    'node_modules',
    '.cache',
    'remedy'
  )
}

// The key and the entry are read with synchronous calls: a few hundred small files read one after
// the other through the thread pool cost a command ~100 ms more than reading them in one go (and
// far more on a loaded machine), and a command waits for them anyway.

/** Every file under `dir`, as sorted paths relative to it. */
function listFiles(dir: string): string[] {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

/** The compiler's code: this folder's modules and its sub-folders' (clue kinds, rules), tests aside, and the error messages. */
function compilerFiles(): string[] {
  const here = import.meta.dirname
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  const own = listFiles(here)
    .filter((name) => name.endsWith(ext) && !name.endsWith(`.test${ext}`))
    .map((name) => join(here, name))
  return [...own, join(here, '..', `errors${ext}`)]
}

/**
 * The key of the compiler: the format version, its code and the versions of the packages it runs
 * (the lockfile beside `src/`, when there is one), so that an upgraded parser is a new key too.
 */
function compilerKey(): string {
  const hash = createHash('sha256')
  hash.update(`remedy kb cache ${CACHE_VERSION} format ${KB_FORMAT_VERSION}\0`)
  for (const file of compilerFiles())
    hash.update(readFileSync(file)).update('\0')
  try {
    hash.update(
      readFileSync(join(import.meta.dirname, '..', '..', 'package-lock.json'))
    )
  } catch {
    hash.update('no lockfile')
  }
  return hash.digest('hex')
}

/** The syntax trees of a folder's last compile, by content key; anything else is none. */
function readTrees(path: string, compiler: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof value !== 'object' || value === null) return {}
    const stored = value as { compiler?: unknown; trees?: unknown }
    if (
      stored.compiler !== compiler ||
      typeof stored.trees !== 'object' ||
      stored.trees === null
    )
      return {}
    return stored.trees as Record<string, string>
  } catch {
    return {}
  }
}

/** Write a file aside, then rename it: a reader never sees half a file. */
async function writeAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temporary, text)
  await rename(temporary, path)
}

/** Mark an entry as used now (its modification time), so that pruning keeps it. */
function markUsed(path: string): void {
  try {
    const now = new Date()
    utimesSync(path, now, now)
  } catch {
    // A read-only cache is still read.
  }
}

/**
 * Delete the entries (and kept trees) of all but the most recently used KB folders.
 * @param cacheDir The cache folder.
 * @param keep How many KB folders keep their entries.
 */
export async function pruneCache(
  cacheDir: string,
  keep: number
): Promise<void> {
  const names = await readdir(cacheDir)
  const entries = await Promise.all(
    names
      .filter((name) => /^kb-[0-9a-f]+\.json$/.test(name))
      .map(async (name) => ({
        name,
        // One deleted meanwhile (another process pruning) counts as the oldest.
        used: await stat(join(cacheDir, name)).then(
          (stats) => stats.mtimeMs,
          () => 0
        )
      }))
  )
  const old = entries.sort((a, b) => b.used - a.used).slice(keep)
  await Promise.all(
    old.flatMap(({ name }) => [
      rm(join(cacheDir, name), { force: true }),
      rm(join(cacheDir, name.replace(/^kb-/, 'trees-')), { force: true })
    ])
  )
}

/**
 * The cache key of a KB folder.
 * @param dir The KB folder.
 * @returns A hex digest of the format version, the compiler's code and every file of the folder.
 * @throws When the folder cannot be read.
 */
export async function kbCacheKey(dir: string): Promise<string> {
  const hash = createHash('sha256').update(compilerKey()).update('\0')
  for (const file of listFiles(dir))
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(dir, file)))
      .update('\0')
  return Promise.resolve(hash.digest('hex'))
}

function store(finding: Finding): StoredFinding {
  return {
    reason: finding.reason,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    ruleId: finding.ruleId,
    source: finding.source,
    fatal: finding.fatal ?? undefined
  }
}

function restore(stored: StoredFinding): Finding {
  const message = new VFileMessage(stored.reason, {
    ...(stored.line === undefined
      ? {}
      : { place: { line: stored.line, column: stored.column ?? 1 } }),
    ...(stored.ruleId === undefined ? {} : { ruleId: stored.ruleId }),
    ...(stored.source === undefined ? {} : { source: stored.source })
  })
  if (stored.file !== undefined) message.file = stored.file
  message.fatal = stored.fatal
  return message
}

/** Read an entry; anything but an entry of this version with this key is a miss. */
function readEntry(path: string, key: string): Entry | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof value !== 'object' || value === null) return undefined
    const entry = value as Partial<Entry>
    if (
      entry.cacheVersion !== CACHE_VERSION ||
      entry.key !== key ||
      entry.kb?.formatVersion !== KB_FORMAT_VERSION ||
      !Array.isArray(entry.kb.articles) ||
      !Array.isArray(entry.kb.guides) ||
      !Array.isArray(entry.findings)
    )
      return undefined
    return entry as Entry
  } catch {
    return undefined
  }
}

/**
 * Load a KB folder through the cache: the compiled KB and its findings when the folder, the format
 * and the compiler are the same as when they were saved; otherwise compile it (`loadKb`) and save
 * the result. A cache that cannot be written only costs the next run a compile.
 * @param dir The KB folder.
 * @param cacheDir Where the entries are kept (see {@link kbCacheDir}); one file per KB folder.
 * @returns The KB, its findings, and whether it came from the cache.
 * @throws When the folder cannot be read (as `loadKb`).
 */
export async function loadKbCached(
  dir: string,
  cacheDir: string
): Promise<{ kb: Kb; findings: Finding[]; cache: CacheOutcome }> {
  // The compiler (remark, zod …) is loaded only on a miss.
  const loadKb = async (
    folder: string
  ): Promise<{ kb: Kb; findings: Finding[] }> =>
    (await import('./load.ts')).loadKb(folder)
  let key: string
  try {
    key = await kbCacheKey(dir)
  } catch {
    // No folder to key: the loader says what is wrong with it.
    return { ...(await loadKb(dir)), cache: 'miss' }
  }
  const folder = resolve(dir)
  const name = createHash('sha256').update(folder).digest('hex').slice(0, 16)
  const path = join(cacheDir, `kb-${name}.json`)
  const entry = readEntry(path, key)
  if (entry !== undefined) {
    markUsed(path)
    return {
      kb: entry.kb,
      findings: entry.findings.map(restore),
      cache: 'hit'
    }
  }
  // A miss after an edit: the files that did not change are not parsed again.
  const compiler = compilerKey()
  const treesPath = join(cacheDir, `trees-${name}.json`)
  const trees = createTreeStore(readTrees(treesPath, compiler))
  const loaded = await withTreeStore(trees, () => loadKb(dir))
  const fresh: Entry = {
    cacheVersion: CACHE_VERSION,
    key,
    kb: loaded.kb,
    findings: loaded.findings.map(store)
  }
  try {
    await mkdir(cacheDir, { recursive: true })
    await writeAtomic(path, JSON.stringify(fresh))
    await writeAtomic(
      treesPath,
      JSON.stringify({ compiler, trees: trees.collected() })
    )
    await pruneCache(cacheDir, CACHE_FOLDERS_KEPT)
  } catch {
    // A read-only install still works, compiling every time.
  }
  return { ...loaded, cache: 'miss' }
}
