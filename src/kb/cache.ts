/**
 * @module kb/cache
 * The compiled KB kept between runs, so that a command does not parse the Markdown again when the
 * articles have not changed. An entry is keyed by the content of the KB folder (every file's path
 * and bytes), by the format version, and by the compiler's own code (the modules of this folder
 * and the error messages), so that it is never stale: any edit makes a new key, and a key that
 * does not match is a miss. A file that cannot be read, does not parse, or is not an entry of this
 * version is ignored and replaced.
 * Beside each entry: the key's stamps (the files' sizes, times and inodes, which say the key again
 * without reading the files), the syntax trees of its compile, and its full-text index once a
 * question needed it.
 */
import { createHash, randomBytes } from 'node:crypto'
import {
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { mkdir, readdir, rm, stat } from 'node:fs/promises'
import { join, relative, resolve } from 'node:path'
import { VFileMessage } from 'vfile-message'
import { KB_FORMAT_VERSION } from './format.ts'
import { lazily } from './lazily.ts'
import { fulltextJson, type FulltextJson } from './fulltext.ts'
import type { Finding } from './load.ts'
import { createTreeStore, withTreeStore } from './trees.ts'
import type { Article, Kb } from './types.ts'

/** Bump when the shape of a cache entry changes. */
const CACHE_VERSION = 2

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

/**
 * The parts of an article that a diagnosis reads for the one or two articles it shows. An entry file
 * is one line of JSON (the KB without these parts, with each article's place in what follows), then
 * every article's parts as JSON, one after the other: a command decodes and parses only the parts
 * of the articles it shows. Reading them all is most of reading an entry.
 */
const PACKED = ['content', 'translations', 'examples'] as const

type Parts = Pick<Article, (typeof PACKED)[number]>

type PackedArticle = Omit<Article, (typeof PACKED)[number]> & {
  /** Where the article's {@link Parts} are, in bytes after the first line. */
  packed: [start: number, end: number]
}

interface Entry {
  cacheVersion: number
  key: string
  kb: Omit<Kb, 'articles'> & { articles: PackedArticle[] }
  findings: StoredFinding[]
}

/** The text of an entry file. */
function serializeEntry(entry: Omit<Entry, 'kb'> & { kb: Kb }): string {
  const parts = entry.kb.articles.map(({ content, translations, examples }) =>
    JSON.stringify({ content, translations, examples })
  )
  let offset = 0
  const articles = entry.kb.articles.map((article, index) => {
    const rest: Partial<Article> = { ...article }
    for (const name of PACKED) delete rest[name]
    const start = offset
    offset += Buffer.byteLength(parts[index] ?? '')
    return { ...rest, packed: [start, offset] }
  })
  return `${JSON.stringify({ ...entry, kb: { ...entry.kb, articles } })}\n${parts.join('')}`
}

/** The KB of an entry, each article's parts decoded from the file's bytes when first read. */
function unpack(stored: Entry['kb'], bytes: Buffer, from: number): Kb {
  return {
    ...stored,
    articles: stored.articles.map(({ packed, ...rest }) => {
      let parts: Parts | undefined
      const article = rest as Article
      const read = (): Parts =>
        (parts ??= JSON.parse(
          bytes.toString('utf8', from + packed[0], from + packed[1])
        ) as Parts)
      for (const name of PACKED) lazily(article, name, () => read()[name])
      return article
    })
  }
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

/**
 * The compiler's code: this folder's modules and its sub-folders' (clue kinds, rules), tests aside,
 * the data they read (the errno table), and the error messages.
 */
function compilerFiles(): string[] {
  const here = import.meta.dirname
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js'
  const own = listFiles(here)
    .filter(
      (name) =>
        (name.endsWith(ext) && !name.endsWith(`.test${ext}`)) ||
        name.endsWith('.json')
    )
    .map((name) => join(here, name))
  return [...own, join(here, '..', `errors${ext}`)]
}

/** The lockfile beside `src/`: the versions of the packages the compiler runs. */
const LOCKFILE = join(import.meta.dirname, '..', '..', 'package-lock.json')

/**
 * The key of the compiler: the format version, its code and the versions of the packages it runs
 * (the lockfile, when there is one), so that an upgraded parser is a new key too.
 */
function compilerKey(): string {
  const hash = createHash('sha256')
  hash.update(`remedy kb cache ${CACHE_VERSION} format ${KB_FORMAT_VERSION}\0`)
  for (const file of compilerFiles())
    hash.update(readFileSync(file)).update('\0')
  try {
    hash.update(readFileSync(LOCKFILE))
  } catch {
    hash.update('no lockfile')
  }
  return hash.digest('hex')
}

/**
 * What the file system says of a file without reading it: its path, size, modification and change
 * times and inode (size -1 when it does not exist). Writing a file changes its change time, which
 * no tool sets back, so equal stamps mean equal content, except for a write in the same tick of the
 * clock as the stamp (see {@link RACY_MS}).
 */
type Stamp = [
  path: string,
  size: number,
  mtime: number,
  ctime: number,
  ino: number
]

/**
 * A stamp is trusted only for a file last written this long before it was taken: a second write in
 * the same tick of a coarse clock (2 s on some file systems) would leave the same times (git's
 * "racily clean" files).
 */
const RACY_MS = 3_000

/** The files a folder's key is made of (the compiler's, the lockfile, the folder's), stamped. */
function stampFiles(dir: string): Stamp[] {
  const files = [
    ...compilerFiles(),
    LOCKFILE,
    ...listFiles(dir).map((file) => join(dir, file))
  ]
  return files.map((path) => {
    const stats = statSync(path, { throwIfNoEntry: false })
    return stats === undefined
      ? [path, -1, 0, 0, 0]
      : [path, stats.size, stats.mtimeMs, stats.ctimeMs, stats.ino]
  })
}

/** The key saved with stamps equal to these, or undefined. */
function keyOfStamps(
  path: string,
  stamps: readonly Stamp[]
): string | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof value !== 'object' || value === null) return undefined
    const saved = value as { key?: unknown; stamps?: unknown }
    if (
      typeof saved.key !== 'string' ||
      JSON.stringify(saved.stamps) !== JSON.stringify(stamps)
    )
      return undefined
    return saved.key
  } catch {
    return undefined
  }
}

/** Save the key of these stamps, when none of the files was written too recently to trust them. */
function saveStamps(
  path: string,
  key: string,
  stamps: readonly Stamp[],
  now: number
): void {
  if (
    stamps.some(([, , mtime, ctime]) => Math.max(mtime, ctime) > now - RACY_MS)
  )
    return
  try {
    writeAtomic(path, JSON.stringify({ key, stamps }))
  } catch {
    // Without them, the next run reads the files again.
  }
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

/**
 * Write a file aside, then rename it: a reader never sees half a file. Synchronous: a command waits
 * for it anyway, and a server writes only after a compile that took far longer.
 */
function writeAtomic(path: string, text: string): void {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  writeFileSync(temporary, text)
  renameSync(temporary, path)
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
      rm(join(cacheDir, name.replace(/^kb-/, 'trees-')), { force: true }),
      rm(join(cacheDir, name.replace(/^kb-/, 'fulltext-')), { force: true }),
      rm(join(cacheDir, name.replace(/^kb-/, 'stamps-')), { force: true })
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
function readEntry(
  path: string,
  key: string
): { entry: Entry; kb: Kb } | undefined {
  try {
    const bytes = readFileSync(path)
    const end = bytes.indexOf(0x0a)
    if (end < 0) return undefined
    const value: unknown = JSON.parse(bytes.toString('utf8', 0, end))
    if (typeof value !== 'object' || value === null) return undefined
    const entry = value as Partial<Entry>
    const size = bytes.length - end - 1
    if (
      entry.cacheVersion !== CACHE_VERSION ||
      entry.key !== key ||
      entry.kb?.formatVersion !== KB_FORMAT_VERSION ||
      !Array.isArray(entry.kb.articles) ||
      !entry.kb.articles.every(
        (article: Partial<PackedArticle> | null) =>
          Array.isArray(article?.packed) &&
          Number.isInteger(article.packed[0]) &&
          Number.isInteger(article.packed[1]) &&
          article.packed[0] >= 0 &&
          article.packed[0] <= article.packed[1] &&
          article.packed[1] <= size
      ) ||
      !Array.isArray(entry.kb.guides) ||
      !Array.isArray(entry.findings)
    )
      return undefined
    return { entry: entry as Entry, kb: unpack(entry.kb, bytes, end + 1) }
  } catch {
    return undefined
  }
}

/** The full-text index kept for the entry with this key, or undefined. */
function readFulltext(path: string, key: string): FulltextJson | undefined {
  try {
    const value: unknown = JSON.parse(readFileSync(path, 'utf8'))
    if (typeof value !== 'object' || value === null) return undefined
    const stored = value as { key?: unknown; fulltext?: Partial<FulltextJson> }
    const fulltext = stored.fulltext
    if (
      stored.key !== key ||
      typeof fulltext !== 'object' ||
      !Array.isArray(fulltext.terms) ||
      !Array.isArray(fulltext.postings) ||
      !Array.isArray(fulltext.sorted) ||
      !Array.isArray(fulltext.ids) ||
      !Array.isArray(fulltext.lengths) ||
      !Array.isArray(fulltext.averages) ||
      typeof fulltext.documents !== 'number' ||
      typeof fulltext.size !== 'number' ||
      fulltext.postings.length !== fulltext.terms.length
    )
      return undefined
    return fulltext as FulltextJson
  } catch {
    return undefined
  }
}

/**
 * Give a KB from the cache its full-text index on first use: read from the file beside the entry,
 * or built from the articles and saved there. Most logs never ask for it, and reading or building it
 * is most of a command's start (a question to `remedy diagnose` would otherwise build it every run).
 */
function withKeptFulltext(kb: Kb, path: string, key: string): Kb {
  let fulltext: FulltextJson | undefined
  // Not enumerable: the KB still equals (and spreads as) the one `loadKb` gives.
  return Object.defineProperty(kb, 'fulltext', {
    enumerable: false,
    configurable: true,
    get(): FulltextJson {
      if (fulltext !== undefined) return fulltext
      fulltext = readFulltext(path, key)
      if (fulltext !== undefined) return fulltext
      const built = fulltextJson(kb.articles)
      fulltext = built
      try {
        writeAtomic(path, JSON.stringify({ key, fulltext: built }))
      } catch {
        // A read-only cache builds it again next time.
      }
      return built
    }
  })
}

/**
 * Load a KB folder through the cache: the compiled KB and its findings when the folder, the format
 * and the compiler are the same as when they were saved; otherwise compile it (`loadKb`) and save
 * the result. A cache that cannot be written only costs the next run a compile.
 * @param dir The KB folder.
 * @param cacheDir Where the entries are kept (see {@link kbCacheDir}); one file per KB folder.
 * @param options `now`: the clock that says which files were written too recently for their stamps
 *   to be trusted (a test moves it on).
 * @returns The KB, its findings, and whether it came from the cache.
 * @throws When the folder cannot be read (as `loadKb`).
 */
export async function loadKbCached(
  dir: string,
  cacheDir: string,
  options: { now?: () => number } = {}
): Promise<{ kb: Kb; findings: Finding[]; cache: CacheOutcome }> {
  // The compiler (remark, zod …) is loaded only on a miss.
  const loadKb = async (
    folder: string
  ): Promise<{ kb: Kb; findings: Finding[] }> =>
    (await import('./load.ts')).loadKb(folder)
  const now = (options.now ?? Date.now)()
  const folder = resolve(dir)
  const name = createHash('sha256').update(folder).digest('hex').slice(0, 16)
  const path = join(cacheDir, `kb-${name}.json`)
  const fulltextPath = join(cacheDir, `fulltext-${name}.json`)
  const stampsPath = join(cacheDir, `stamps-${name}.json`)
  // Stamped before the key is computed: a file written meanwhile has newer stamps than the key.
  let stamps: Stamp[]
  let stamped: string | undefined
  let key: string
  try {
    stamps = stampFiles(dir)
    stamped = keyOfStamps(stampsPath, stamps)
    key = stamped ?? (await kbCacheKey(dir))
  } catch {
    // No folder to key: the loader says what is wrong with it.
    return { ...(await loadKb(dir)), cache: 'miss' }
  }
  const read = readEntry(path, key)
  if (read !== undefined) {
    const { entry, kb } = read
    markUsed(path)
    if (stamped === undefined) saveStamps(stampsPath, key, stamps, now)
    return {
      kb: withKeptFulltext(kb, fulltextPath, key),
      findings: entry.findings.map(restore),
      cache: 'hit'
    }
  }
  // A miss after an edit: the files that did not change are not parsed again.
  const compiler = compilerKey()
  const treesPath = join(cacheDir, `trees-${name}.json`)
  const trees = createTreeStore(readTrees(treesPath, compiler))
  const loaded = await withTreeStore(trees, () => loadKb(dir))
  const fresh = serializeEntry({
    cacheVersion: CACHE_VERSION,
    key,
    kb: loaded.kb,
    findings: loaded.findings.map(store)
  })
  try {
    await mkdir(cacheDir, { recursive: true })
    writeAtomic(path, fresh)
    writeAtomic(
      treesPath,
      JSON.stringify({ compiler, trees: trees.collected() })
    )
    saveStamps(stampsPath, key, stamps, now)
    await pruneCache(cacheDir, CACHE_FOLDERS_KEPT)
  } catch {
    // A read-only install still works, compiling every time.
  }
  return {
    ...loaded,
    kb: withKeptFulltext(loaded.kb, fulltextPath, key),
    cache: 'miss'
  }
}
