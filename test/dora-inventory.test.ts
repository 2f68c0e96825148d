/**
 * The inventory of dora's messages (`kb/dora/_messages.json`, written by scripts/dora-inventory.ts
 * from dora's sources) against the KB, so that the dora articles do not drift from what dora prints.
 *
 * "An article names a dora message" means, precisely: a dora article (collection `dora`, any status)
 * has a `text` clue value, or a `regex` clue whose literal start (the characters before its first
 * regex operator), of at least three words. Such a clue must be found in an inventory message
 * (case-insensitive; a backquoted or quoted token or a number in the clue may stand for a `{}`
 * placeholder), or be listed in `FOREIGN` below with the reason it is not dora's wording at v0.3.13
 * or main (an OS, Rust std, serde, Python, zenoh or build-tool text, or dora's wording before 0.3.13).
 * Clues of one or two words (crate names, commands, paths) are not messages and are not checked.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Clue } from '../src/kb/types.ts'
import { REASONS } from '../scripts/dora-inventory-reasons.ts'
import { loadRealKb } from './real-kb.ts'

const root = join(import.meta.dirname, '..')

const KINDS = [
  'bail',
  'eyre',
  'wrap_err',
  'context',
  'warn',
  'error',
  'panic',
  'expect',
  'print',
  'display',
  'format',
  'info',
  'log'
] as const

const inventorySchema = z.object({
  $comment: z.string(),
  repository: z.string().url(),
  revisions: z
    .array(
      z.object({ name: z.string(), commit: z.string(), version: z.string() })
    )
    .length(2),
  messages: z
    .array(
      z
        .object({
          id: z.string(),
          kind: z.enum(KINDS),
          text: z.string().min(4),
          versions: z.array(z.string()).min(1),
          locations: z
            .array(
              z.object({
                version: z.string(),
                file: z.string().regex(/^[\w./-]+\.rs$/),
                line: z.number().int().positive()
              })
            )
            .min(1),
          article: z
            .string()
            .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
            .optional(),
          reason: z.string().optional()
        })
        .strict()
    )
    .min(1000)
})

type Inventory = z.infer<typeof inventorySchema>

/**
 * Texts that dora articles quote and that are not dora's wording at v0.3.13 or main, with why.
 * Add a row only with the honest reason; a dora message belongs in the inventory instead.
 */
const FOREIGN: [text: string, why: string][] = [
  ['failed to fill whole buffer', 'Rust std: io::ErrorKind::UnexpectedEof'],
  ['Exec format error', 'the OS (ENOEXEC)'],
  ['environment variable not found', 'Rust std: env::VarError::NotPresent'],
  ['IndexError: list index out of range', 'Python'],
  ['from dora import', 'Python code, not a message'],
  ['Unable to find active', 'zenoh'],
  ['non-loopback multicast interface', 'zenoh'],
  ['Cannot join IpV4 multicast group', 'zenoh'],
  ['Unable to bind', 'zenoh'],
  ['Unable to open listener', 'zenoh'],
  ['Unable to connect to', 'zenoh'],
  ['Unable to send Scout', 'zenoh'],
  ['only handle 1-dimensional arrays', 'pyarrow'],
  [
    'dataflow_descriptor: unknown field',
    'serde, for a field this dora does not know'
  ],
  ['tag for enum is not valid', 'bincode'],
  ['undefined reference to', 'the C linker'],
  ['unresolved external symbol', 'the MSVC linker'],
  ["can't open file", 'Python'],
  ['No module named', 'Python'],
  ['no member named', 'the C++ compiler'],
  ['failed to compile ', 'cargo install'],
  ['could not compile ', 'cargo'],
  ['× Failed to build', 'uv'],
  ['POSIX shm segment', 'the OS shared-memory layer, as articles describe it'],
  ['no node exists at', 'dora before 0.3.13'],
  ['failed to start embedded coordinator', 'dora before 0.3.13'],
  ['Retring in', 'dora before 0.3.13 (typo fixed since)'],
  [
    'redb schema version mismatch',
    'dora-coordinator-store (outside the listed crates)'
  ],
  [
    'Dora Coordinator: not running',
    'dora check before 1.0, written in two parts'
  ],
  ['Check logs using', 'dora before 0.3.13'],
  ['some nodes failed', 'dora before 0.3.13'],
  ['Python Dora Runtime failed', 'dora before 0.3.13'],
  ['Could not validate yaml', 'dora before 0.3.13'],
  ['no daemon listen port for machine', 'dora 0.2'],
  ['did not react as expected to watchdog message', 'dora before 0.3.13'],
  ['failed to send watchdog message to daemon', 'dora before 0.3.13'],
  ['paths of remote nodes must be absolute', 'dora before 0.3.13'],
  ['failed to deserialize node message', 'dora before 0.3.13'],
  ['exited before subscribing', 'dora before 0.3.13'],
  ['exited because of signal', 'dora before 0.3.13'],
  ['no managed env was recorded', 'dora-core build (uv env), worded in pieces'],
  ['dataflow not finished after', 'dora before 0.3.13 (CI harness)'],
  [
    'failed: exited with code',
    "dora's failure summary, written in two parts (`{node} failed: ` and the `exited with code {}` display)"
  ],
  ['No matching distribution found for', 'pip'],
  ['Could not find a version that satisfies the requirement', 'pip'],
  ['require a different python version', 'pip'],
  ['does not satisfy Python', 'uv'],
  [
    'Cargo, the Rust package manager, is not installed',
    'maturin/pip source build'
  ],
  ["can't find Rust compiler", 'setuptools-rust/pip source build'],
  ['Failed to build installable wheels', 'pip'],
  ['Failed building wheel for', 'pip'],
  ['Library not loaded: ', "macOS's dynamic loader (dyld)"],
  ['Could not find platform independent libraries', 'CPython start-up'],
  ['DST not allowed in SUID/SGID programs', "glibc's dynamic loader"]
]

/** The leaf clues of a clue. */
function leaves(clue: Clue): Clue[] {
  if (clue.kind === 'all' || clue.kind === 'any')
    return clue.clues.flatMap(leaves)
  if (clue.kind === 'not') return leaves(clue.clue)
  return [clue]
}

/** The literal start of a regex: the characters before its first operator, `\.` read as `.`. */
function literalStart(source: string): string {
  let out = ''
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? ''
    if (c === '\\') {
      const next = source[i + 1] ?? ''
      if (/[.()[\]{}*+?|^$\\/-]/.test(next)) {
        out += next
        i++
        continue
      }
      break
    }
    if (/[()[\]{}*+?|^$.]/.test(c)) break
    out += c
  }
  // A quantifier applies to the character before it.
  return /[?*{]/.test(source[out.length] ?? '') ? out.slice(0, -1) : out
}

function words(text: string): number {
  return text
    .trim()
    .split(/\s+/)
    .filter((word) => /[a-z]/i.test(word)).length
}

/** The clue with quoted tokens and numbers turned into `{}`, as the inventory writes placeholders. */
function asTemplate(text: string): string {
  return text
    .replace(/(`|'|")[^`'"]*\1/g, '$1{}$1')
    .replace(/\b\d+(?:\.\d+)*\b/g, '{}')
}

function named(text: string, messages: Inventory['messages']): boolean {
  const lower = text.toLowerCase().trim()
  const template = asTemplate(lower)
  return messages.some((message) => {
    const own = message.text.toLowerCase()
    return own.includes(lower) || own.includes(template)
  })
}

const inventory = inventorySchema.parse(
  JSON.parse(readFileSync(join(root, 'kb', 'dora', '_messages.json'), 'utf8'))
)

describe('kb/dora/_messages.json', () => {
  it('should be a well-formed inventory of both revisions', () => {
    const versions = inventory.revisions.map((revision) => revision.version)
    expect(versions).toEqual(['0.3.13', '1.0.0-rc.4'])
    for (const message of inventory.messages) {
      expect(message.id).toBe(`${message.kind}:${message.text}`)
      for (const version of message.versions)
        expect(versions, message.id).toContain(version)
      expect(
        [...new Set(message.locations.map((location) => location.version))],
        message.id
      ).toEqual(message.versions)
      // Exactly one of article and reason.
      expect(
        (message.article === undefined) !== (message.reason === undefined),
        message.id
      ).toBe(true)
    }
    expect(new Set(inventory.messages.map((m) => m.id)).size).toBe(
      inventory.messages.length
    )
  })

  it('should give only the documented reasons for a message without an article', () => {
    const reasons: string[] = Object.values(REASONS)
    const bad = inventory.messages.filter(
      (message) =>
        message.reason !== undefined && !reasons.includes(message.reason)
    )
    expect(bad.map((message) => message.id)).toEqual([])
  })

  it('should map messages only to published dora articles that exist', async () => {
    const { kb } = await loadRealKb()
    const ids = new Set(
      kb.articles
        .filter((article) => article.collection === 'dora' && !article.draft)
        .map((article) => article.id)
    )
    const missing = inventory.messages
      .filter(
        (message) => message.article !== undefined && !ids.has(message.article)
      )
      .map((message) => `${message.article ?? ''} ← ${message.text}`)
    expect(missing).toEqual([])
  }, 60_000)
})

describe('dora articles against the inventory', () => {
  it('should name only messages dora prints or documented foreign texts', async () => {
    const { kb } = await loadRealKb()
    const unknown: string[] = []
    const usedForeign = new Set<string>()
    for (const article of kb.articles) {
      if (article.collection !== 'dora') continue
      for (const clue of article.signatures.flatMap(leaves)) {
        const texts =
          clue.kind === 'text'
            ? clue.values
            : clue.kind === 'regex'
              ? [literalStart(clue.source)]
              : []
        for (const text of texts) {
          if (words(text) < 3) continue
          if (named(text, inventory.messages)) continue
          const foreign = FOREIGN.find(([prefix]) =>
            text.toLowerCase().startsWith(prefix.toLowerCase())
          )
          if (foreign) {
            usedForeign.add(foreign[0])
            continue
          }
          unknown.push(`${article.id}: ${text}`)
        }
      }
    }
    expect(unknown).toEqual([])
    // The allow-list holds no stale rows.
    expect(
      FOREIGN.map(([text]) => text).filter((text) => !usedForeign.has(text))
    ).toEqual([])
  }, 60_000)

  it.each([
    [
      'should read a plain literal',
      'no running dataflow with ID',
      'no running dataflow with ID'
    ],
    [
      'should stop at a group',
      'Unable to bind (?:UDP|udp) port',
      'Unable to bind '
    ],
    [
      'should drop the character a quantifier applies to',
      'connections? for',
      'connection'
    ],
    ['should read escaped dots', 'a\\.rs:\\d+', 'a.rs:']
  ])('literalStart %s', (_name, source, expected) => {
    expect(literalStart(source)).toBe(expected)
  })

  it.each([
    ['a dora wording', 'no unnamed daemon connections', true],
    [
      'a wording with a value in backquotes',
      'failed to build node `camera`',
      true
    ],
    ['a zenoh wording', 'Unable to bind UDP port', false],
    ['an invented wording', 'the daemon exploded loudly', false]
  ])('should tell %s', (_name, text, expected) => {
    expect(named(text, inventory.messages)).toBe(expected)
  })
})
