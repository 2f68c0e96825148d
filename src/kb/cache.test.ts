import {
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { kbCacheDir, kbCacheKey, loadKbCached, pruneCache } from './cache.ts'
import { fulltextJson } from './fulltext.ts'
import { serializeKb } from './index-file.ts'
import { loadKb, type Finding } from './load.ts'
import type { Kb } from './types.ts'

// A KB with errors and warnings, so that the findings go through the cache too.
const FIXTURE = join(
  import.meta.dirname,
  '..',
  '..',
  'test',
  'fixtures',
  'kb',
  'broken'
)

let work: string
let kbDir: string
let cacheDir: string

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'remedy-cache-'))
  kbDir = join(work, 'kb')
  cacheDir = join(work, 'cache')
  await cp(FIXTURE, kbDir, { recursive: true })
})

afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

/** What a reader of findings sees (the CLI prints these; the services count the fatal ones). */
const shown = (findings: Finding[]) =>
  findings.map((finding) => ({
    reason: finding.reason,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    ruleId: finding.ruleId,
    fatal: finding.fatal
  }))

/** The one entry file in the cache folder (beside it, the syntax trees of its compile). */
async function entryPath(): Promise<string> {
  const files = (await readdir(cacheDir)).filter((name) =>
    name.startsWith('kb-')
  )
  expect(files).toHaveLength(1)
  return join(cacheDir, files[0] ?? '')
}

describe('loadKbCached', () => {
  it('should compile on the first run and read the same KB and findings from the cache on the next', async () => {
    const first = await loadKbCached(kbDir, cacheDir)
    const second = await loadKbCached(kbDir, cacheDir)
    const compiled = await loadKb(kbDir)
    expect(first.cache).toBe('miss')
    expect(second.cache).toBe('hit')
    expect(second.kb).toEqual(compiled.kb)
    expect(shown(second.findings)).toEqual(shown(compiled.findings))
    // The fixture has both kinds, so both went through the cache.
    expect(second.findings.some((finding) => finding.fatal === true)).toBe(true)
    expect(second.findings.some((finding) => finding.fatal === false)).toBe(
      true
    )
  })

  it.each([
    {
      change: 'an edited article',
      edit: async () => {
        const path = join(kbDir, 'demo', 'good.md')
        const text = await readFile(path, 'utf8')
        await writeFile(path, text.replace(/^title: .*$/m, 'title: Edited'))
      },
      check: (kb: Kb) =>
        expect(
          kb.articles.find((article) => article.id === 'good')?.content.title
        ).toBe('Edited')
    },
    {
      change: 'a removed article',
      edit: () => rm(join(kbDir, 'demo', 'bad-status.md')),
      check: (kb: Kb) =>
        expect(kb.articles.map((article) => article.id)).not.toContain(
          'bad-status'
        )
    },
    {
      change: 'an article moved to another collection',
      edit: async () => {
        await cp(
          join(kbDir, 'other', 'good.md'),
          join(kbDir, 'demo', 'good-2.md')
        )
        await rm(join(kbDir, 'other', 'good.md'))
      },
      check: () => undefined
    }
  ])('should compile again after $change', async ({ edit, check }) => {
    const before = await loadKbCached(kbDir, cacheDir)
    await edit()
    const after = await loadKbCached(kbDir, cacheDir)
    const compiled = await loadKb(kbDir)
    expect(after.cache).toBe('miss')
    expect(after.kb).toEqual(compiled.kb)
    expect(after.kb.version).not.toBe(before.kb.version)
    expect(shown(after.findings)).toEqual(shown(compiled.findings))
    check(after.kb)
    // The new compile replaced the entry.
    expect((await loadKbCached(kbDir, cacheDir)).cache).toBe('hit')
  })

  it('should parse again only the files that changed, and give what a full compile gives', async () => {
    await loadKbCached(kbDir, cacheDir)
    const treesFile = join(
      cacheDir,
      (await readdir(cacheDir)).find((name) => name.startsWith('trees-')) ?? ''
    )
    const keys = async () =>
      Object.keys(
        (JSON.parse(await readFile(treesFile, 'utf8')) as { trees: object })
          .trees
      ).sort()
    const before = await keys()
    expect(before.length).toBeGreaterThan(2)
    const edited = join(kbDir, 'demo', 'good.md')
    await writeFile(
      edited,
      (await readFile(edited, 'utf8')).replace(
        '## Cause',
        '## Cause\n\nEdited.'
      )
    )
    const after = await loadKbCached(kbDir, cacheDir)
    const compiled = await loadKb(kbDir)
    expect(after.cache).toBe('miss')
    expect(after.kb).toEqual(compiled.kb)
    expect(shown(after.findings)).toEqual(shown(compiled.findings))
    const now = await keys()
    // One tree left, one came: the edited file's.
    expect(now.filter((key) => !before.includes(key))).toHaveLength(1)
    expect(before.filter((key) => !now.includes(key))).toHaveLength(1)
  })

  it('should parse a file again when its kept tree is damaged', async () => {
    await loadKbCached(kbDir, cacheDir)
    const treesFile = join(
      cacheDir,
      (await readdir(cacheDir)).find((name) => name.startsWith('trees-')) ?? ''
    )
    const stored = JSON.parse(await readFile(treesFile, 'utf8')) as {
      compiler: string
      trees: Record<string, string>
    }
    for (const key of Object.keys(stored.trees)) stored.trees[key] = '{"type":'
    await writeFile(treesFile, JSON.stringify(stored))
    await writeFile(await entryPath(), 'not an entry')
    const again = await loadKbCached(kbDir, cacheDir)
    const compiled = await loadKb(kbDir)
    expect(again.cache).toBe('miss')
    expect(again.kb).toEqual(compiled.kb)
    expect(shown(again.findings)).toEqual(shown(compiled.findings))
  })

  it.each([
    { kind: 'bytes that are not JSON', body: () => '\u0000{"cache' },
    { kind: 'an empty file', body: () => '' },
    { kind: 'JSON that is not an entry', body: () => '[1, 2, 3]' },
    {
      kind: 'a `remedy build` index',
      body: async () => serializeKb((await loadKb(kbDir)).kb)
    },
    {
      kind: 'an entry of another KB content',
      body: (entry: string) =>
        entry.replace(/"key":"[0-9a-f]+"/, `"key":"${'0'.repeat(64)}"`)
    },
    {
      kind: 'an entry of another cache version',
      body: (entry: string) =>
        entry.replace(/"cacheVersion":\d+/, '"cacheVersion":0')
    },
    {
      kind: 'an entry whose articles are cut short',
      body: (entry: string) => entry.slice(0, -100)
    },
    {
      kind: 'an entry in one JSON text (an older layout)',
      body: (entry: string) => entry.replace('\n', '')
    },
    {
      kind: 'an entry with its articles cut',
      body: (entry: string) =>
        entry.replace(/"articles":\[/, '"articles":7,"x":[')
    }
  ])(
    'should ignore a cache file holding $kind and compile again',
    async ({ body }) => {
      await loadKbCached(kbDir, cacheDir)
      const path = await entryPath()
      await writeFile(path, await body(await readFile(path, 'utf8')))
      const again = await loadKbCached(kbDir, cacheDir)
      const compiled = await loadKb(kbDir)
      expect(again.cache).toBe('miss')
      expect(again.kb).toEqual(compiled.kb)
      expect(shown(again.findings)).toEqual(shown(compiled.findings))
      expect((await loadKbCached(kbDir, cacheDir)).cache).toBe('hit')
    }
  )

  it('should still load, compiling each time, when the cache folder cannot be written', async () => {
    const blocked = join(work, 'a-file')
    await writeFile(blocked, '')
    const first = await loadKbCached(kbDir, join(blocked, 'cache'))
    const second = await loadKbCached(kbDir, join(blocked, 'cache'))
    expect([first.cache, second.cache]).toEqual(['miss', 'miss'])
    expect(second.kb).toEqual((await loadKb(kbDir)).kb)
  })

  it('should keep one entry per KB folder', async () => {
    const otherDir = join(work, 'kb-2')
    await cp(FIXTURE, otherDir, { recursive: true })
    await loadKbCached(kbDir, cacheDir)
    await loadKbCached(otherDir, cacheDir)
    expect((await loadKbCached(kbDir, cacheDir)).cache).toBe('hit')
    expect((await loadKbCached(otherDir, cacheDir)).cache).toBe('hit')
    const files = await readdir(cacheDir)
    expect(files.filter((name) => name.startsWith('kb-'))).toHaveLength(2)
    expect(files.filter((name) => name.startsWith('trees-'))).toHaveLength(2)
    expect(files).toHaveLength(4)
  })
})

describe('loadKbCached stamps', () => {
  /** A clock far enough ahead that every file counts as written long ago. */
  const later = (): number => Date.now() + 60_000

  it("should key a folder by its files' stamps once they are old enough, and still see an edit of the same size", async () => {
    const path = join(kbDir, 'demo', 'good.md')
    const { mtime } = await stat(path)
    expect((await loadKbCached(kbDir, cacheDir, { now: later })).cache).toBe(
      'miss'
    )
    const stamps = (await readdir(cacheDir)).filter((name) =>
      name.startsWith('stamps-')
    )
    expect(stamps).toHaveLength(1)
    expect((await loadKbCached(kbDir, cacheDir, { now: later })).cache).toBe(
      'hit'
    )
    // Same length, same modification time: only the change time tells.
    const text = await readFile(path, 'utf8')
    const edited = text.replace(/^title: (.)/m, (line, first: string) =>
      line.replace(first, first === 'X' ? 'Y' : 'X')
    )
    expect(edited).not.toBe(text)
    expect(edited.length).toBe(text.length)
    await writeFile(path, edited)
    await utimes(path, mtime, mtime)
    const after = await loadKbCached(kbDir, cacheDir, { now: later })
    expect(after.cache).toBe('miss')
    expect(after.kb).toEqual((await loadKb(kbDir)).kb)
  })

  it('should not keep stamps of files written just now', async () => {
    await loadKbCached(kbDir, cacheDir)
    expect(
      (await readdir(cacheDir)).filter((name) => name.startsWith('stamps-'))
    ).toEqual([])
  })
})

describe('loadKbCached full-text index', () => {
  it('should build it on first use, keep it beside the entry, and read it back the same', async () => {
    await loadKbCached(kbDir, cacheDir)
    const first = await loadKbCached(kbDir, cacheDir)
    const expected = fulltextJson(first.kb.articles)
    expect(first.kb.fulltext).toEqual(expected)
    const kept = (await readdir(cacheDir)).filter((name) =>
      name.startsWith('fulltext-')
    )
    expect(kept).toHaveLength(1)
    expect((await loadKbCached(kbDir, cacheDir)).kb.fulltext).toEqual(expected)
    // A damaged or foreign file is built again.
    await writeFile(join(cacheDir, kept[0] ?? ''), '{"key":"x","fulltext":{}}')
    expect((await loadKbCached(kbDir, cacheDir)).kb.fulltext).toEqual(expected)
  })

  it('should leave the KB equal to a compiled one (the index is not one of its keys)', async () => {
    await loadKbCached(kbDir, cacheDir)
    const { kb } = await loadKbCached(kbDir, cacheDir)
    expect(Object.keys(kb)).not.toContain('fulltext')
    expect(kb).toEqual((await loadKb(kbDir)).kb)
  })
})

describe('pruneCache', () => {
  it('should keep the entries and trees of the most recently used KB folders only', async () => {
    const dir = join(work, 'prune')
    await mkdir(dir)
    const seconds = { a: 1, b: 4, c: 3, d: 2 }
    for (const [name, time] of Object.entries(seconds)) {
      for (const file of [`kb-${name}0.json`, `trees-${name}0.json`]) {
        await writeFile(join(dir, file), '{}')
        await utimes(join(dir, file), time, time)
      }
    }
    await writeFile(join(dir, 'unrelated.txt'), '')
    await pruneCache(dir, 2)
    expect((await readdir(dir)).sort()).toEqual([
      'kb-b0.json',
      'kb-c0.json',
      'trees-b0.json',
      'trees-c0.json',
      'unrelated.txt'
    ])
  })

  it('should count a cache hit as a use', async () => {
    const cacheDir2 = join(work, 'cache-hit')
    await loadKbCached(kbDir, cacheDir2)
    const [entry = ''] = (await readdir(cacheDir2)).filter((name) =>
      name.startsWith('kb-')
    )
    await utimes(join(cacheDir2, entry), 1, 1)
    expect((await loadKbCached(kbDir, cacheDir2)).cache).toBe('hit')
    expect((await stat(join(cacheDir2, entry))).mtimeMs).toBeGreaterThan(1000)
  })
})

describe('kbCacheKey', () => {
  it('should depend on file names as well as contents', async () => {
    const before = await kbCacheKey(kbDir)
    await cp(join(kbDir, 'demo', 'good.md'), join(kbDir, 'demo', 'good-2.md'))
    await rm(join(kbDir, 'demo', 'good.md'))
    expect(await kbCacheKey(kbDir)).not.toBe(before)
  })
})

describe('kbCacheDir', () => {
  it.each([
    {
      env: { XDG_CACHE_HOME: '/var/cache/me' },
      dir: '/var/cache/me/remedy'
    },
    {
      env: {},
      dir: join(
        import.meta.dirname,
        '..',
        '..',
        'node_modules',
        '.cache',
        'remedy'
      )
    },
    {
      env: { XDG_CACHE_HOME: '' },
      dir: join(
        import.meta.dirname,
        '..',
        '..',
        'node_modules',
        '.cache',
        'remedy'
      )
    }
  ])('should give $dir for $env', ({ env, dir }) => {
    expect(kbCacheDir(env)).toBe(dir)
  })
})
