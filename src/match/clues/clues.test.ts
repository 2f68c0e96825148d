import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { clueSyntaxes } from '../../kb/clues/index.ts'
import type { ClueCommon, ClueSyntax } from '../../kb/clues/types.ts'
import { readClues } from '../../kb/schema.ts'
import type { Article, Clue, Kb } from '../../kb/types.ts'
import { UNKNOWN_CLUE_KIND } from '../../errors.ts'
import { diagnose } from '../diagnose.ts'
import { createMatcher } from '../matcher.ts'
import { normalize } from '../normalize.ts'
import { extractFacts } from '../signals/index.ts'
import { factHit } from './hit.ts'
import {
  clueKinds,
  createContext,
  evaluate,
  liveKey,
  offeredKeys,
  triggerKeys
} from './index.ts'
import type { ClueKind } from './types.ts'

function article(id: string, signatures: Clue[]): Article {
  const content = {
    locale: 'en',
    title: id,
    summary: `${id} summary`,
    symptoms: '',
    cause: '',
    verify: '',
    ifNotHelped: '',
    related: '',
    notes: '',
    steps: [],
    path: `test/${id}.md`
  }
  return {
    id,
    collection: 'test',
    tags: [],
    appliesTo: { platforms: [], versions: {} },
    signatures,
    examples: { match: [], noMatch: [] },
    symptomLines: [],
    related: [],
    draft: false,
    content,
    translations: {}
  }
}

const kbOf = (articles: Article[]): Kb => ({
  formatVersion: 2,
  version: 'test',
  articles,
  guides: []
})

/** Read a clue as an author writes it, with the given kinds; fail on any issue. */
function read(raw: unknown, syntaxes: readonly ClueSyntax[]): Clue {
  const { clues, issues } = readClues([raw], ['signatures'], syntaxes)
  expect(issues).toEqual([])
  const [clue] = clues
  if (clue === undefined)
    throw new Error(`no clue read from ${JSON.stringify(raw)}`)
  return clue
}

/** Does a clue hold on a log, and does the log offer one of its trigger keys when it does? */
function check(
  raw: unknown,
  log: string,
  kinds: readonly ClueKind[]
): { holds: boolean; reached: boolean } {
  const clue = read(
    raw,
    kinds.map((kind) => kind.syntax)
  )
  const matcher = createMatcher(kbOf([article('a', [clue])]), {
    clueKinds: kinds
  })
  const normalized = normalize(log)
  const ctx = createContext(
    normalized,
    extractFacts(normalized),
    matcher.regexes,
    matcher.literals,
    matcher.kinds,
    matcher.alternatives
  )
  const offered = offeredKeys(ctx, matcher.wanted)
  return {
    holds: evaluate(clue, ctx).hit,
    // Offered, and not ruled out by its kind (an article reached only through dead keys is skipped).
    reached: triggerKeys(clue, matcher.kinds).some(
      (key) => offered.includes(key) && liveKey(ctx, key)
    )
  }
}

function filesOf(dir: string, helpers: string[]): string[] {
  return readdirSync(dir)
    .filter(
      (name) =>
        name.endsWith('.ts') &&
        !name.endsWith('.test.ts') &&
        !['index.ts', 'types.ts', ...helpers].includes(name)
    )
    .map((name) => name.replace(/\.ts$/, ''))
    .sort()
}

describe('clue kinds', () => {
  it('should register every kind file, with its id equal to the file name', () => {
    expect(clueKinds.map((kind) => kind.id).sort()).toEqual(
      filesOf(import.meta.dirname, ['hit.ts'])
    )
    expect(clueSyntaxes.map((syntax) => syntax.id).sort()).toEqual(
      filesOf(join(import.meta.dirname, '..', '..', 'kb', 'clues'), [])
    )
  })

  it('should give every kind of the schema a meaning, in the same order', () => {
    expect(clueKinds.map((kind) => kind.id)).toEqual(
      clueSyntaxes.map((syntax) => syntax.id)
    )
    for (const kind of clueKinds)
      expect(kind.syntax).toBe(clueSyntaxes.find((s) => s.id === kind.id))
  })

  it('should document every kind in the clue table of kb/README.md', () => {
    const readme = readFileSync(
      join(import.meta.dirname, '..', '..', '..', 'kb', 'README.md'),
      'utf8'
    )
    for (const kind of clueKinds)
      expect(readme, kind.id).toMatch(new RegExp(`^\\| \`${kind.id}:`, 'm'))
  })

  it('should name every kind of the registry when a clue has none', () => {
    const { issues } = readClues([{ weight: 1 }])
    expect(issues[0]?.message).toBe(
      `Unexpected clue without a kind, expected one of ${clueSyntaxes.map((s) => `\`${s.id}\``).join(', ')}`
    )
  })

  for (const kind of clueKinds) {
    describe(kind.id, () => {
      it('should carry examples that hold and examples that do not', () => {
        expect(kind.examples.some((example) => example.holds)).toBe(true)
        expect(kind.examples.some((example) => !example.holds)).toBe(true)
      })
      for (const example of kind.examples) {
        it(`should ${example.holds ? '' : 'not '}hold ${JSON.stringify(example.clue)} on ${JSON.stringify(example.log.slice(0, 60))}`, () => {
          const result = check(example.clue, example.log, clueKinds)
          expect(result.holds).toBe(example.holds)
          // A clue that holds must be reachable through the keys the log offers, or it never fires.
          if (example.holds && kind.veto !== true)
            expect(result.reached).toBe(true)
        })
      }
    })
  }
})

describe('a clue kind added by a test', () => {
  /** `verb: bind`: the failing verb, read off the line of an OS error. */
  interface VerbClue extends ClueCommon {
    kind: 'verb'
    verb: string
  }
  const syntax: ClueSyntax<VerbClue> = {
    id: 'verb',
    extraKeys: [],
    read(_value, _raw, reader) {
      const [verb = ''] = reader.strings('a verb such as bind')
      return { verb, label: `fails to ${verb}` }
    },
    children: () => []
  }
  const words = (line: string): string[] =>
    line.toLowerCase().match(/[a-z]+/g) ?? []
  const verb: ClueKind<VerbClue> = {
    id: 'verb',
    syntax,
    triggers: (clue) => [`verb:${clue.verb}`],
    offers: (ctx) =>
      ctx.facts.errors.flatMap((fact) =>
        words(ctx.log.lines[fact.line - 1]?.text ?? '').map(
          (word) => `verb:${word}`
        )
      ),
    evaluate: (clue, ctx) =>
      factHit(
        ctx.facts.errors,
        (fact) =>
          words(ctx.log.lines[fact.line - 1]?.text ?? '').includes(clue.verb),
        (fact) => `${clue.verb} failed with ${fact.errno}`
      ),
    examples: []
  }
  const kinds = [...clueKinds, verb]

  it('should be read by the schema once registered, and refused before', () => {
    expect(
      read(
        { verb: 'bind', weight: 1 },
        kinds.map((k) => k.syntax)
      )
    ).toEqual({
      kind: 'verb',
      verb: 'bind',
      weight: 1,
      required: false,
      label: 'fails to bind'
    })
    expect(readClues([{ verb: 'bind' }]).issues).toHaveLength(1)
  })

  const table: [log: string, holds: boolean][] = [
    ['bind failed: EADDRINUSE (Address already in use)', true],
    ['Error: bind EADDRNOTAVAIL 10.0.0.5:7447', true],
    ['connect ECONNREFUSED 127.0.0.1:5432', false],
    ['will bind to port 7447 later', false]
  ]
  for (const [log, holds] of table) {
    it(`should ${holds ? '' : 'not '}hold \`verb: bind\` on ${JSON.stringify(log)}`, () => {
      expect(check({ verb: 'bind' }, log, kinds)).toEqual({
        holds,
        reached: holds
      })
    })
  }

  it('should rank the article that needs it, through the whole diagnosis', () => {
    const syntaxes = kinds.map((kind) => kind.syntax)
    const matcher = createMatcher(
      kbOf([
        article('bind-failed', [
          read({ verb: 'bind', weight: 1 }, syntaxes),
          read({ errno: 'EADDRINUSE', weight: 0.5 }, syntaxes)
        ]),
        article('port-in-use', [
          read({ errno: 'EADDRINUSE', weight: 0.6 }, syntaxes)
        ])
      ]),
      { clueKinds: kinds }
    )
    const bind = diagnose(
      matcher,
      'bind failed: EADDRINUSE (Address already in use)'
    )
    expect(bind.matches.map((match) => match.id)).toEqual(['bind-failed'])
    expect(bind.matches[0]?.evidence[0]?.clue).toBe(
      'bind failed with EADDRINUSE; OS error EADDRINUSE'
    )
    const listen = diagnose(
      matcher,
      'Error: listen EADDRINUSE: address already in use :::3000',
      { top: 5 }
    )
    expect(listen.matches.map((match) => match.id)).toEqual([
      'port-in-use',
      'bind-failed'
    ])
  })

  it('should refuse a KB with the kind when the matcher is not given it', () => {
    const clue = read(
      { verb: 'bind' },
      kinds.map((kind) => kind.syntax)
    )
    expect(() => createMatcher(kbOf([article('bind-failed', [clue])]))).toThrow(
      UNKNOWN_CLUE_KIND('verb', 'bind-failed')
    )
  })
})
