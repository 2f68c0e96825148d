/**
 * @module match/matcher
 * A matcher is a compiled KB: regexes compiled once, trigger keys, and (built when first needed) the
 * token index over symptom lines for the fuzzy fallback and the full-text index for questions.
 * Build it once at start and reuse it; the fuse.js index for article search is `search.ts`'s.
 */
import { UNKNOWN_CLUE_KIND } from '../errors.ts'
import { fulltextJson, type FulltextJson } from '../kb/fulltext.ts'
import { fieldNorm } from './bitap.ts'
import type { Article, Guide, Kb } from '../kb/types.ts'
import {
  clueKinds,
  isVeto,
  kindsById,
  triggerKeys,
  walkClues,
  type ClueKind
} from './clues/index.ts'
import { maskLine } from './normalize.ts'

export interface SymptomEntry {
  article: number
  text: string
  tokens: string[]
  /** The text's field-length norm for the fuzzy score ({@link fieldNorm}). */
  norm: number
  /** The text in lower case, as the fuzzy fallback compares it (once per KB, not per log line). */
  lower: string
}

/** One positive clue of one article, reachable from a trigger key (see `triggerKeys` in `clues/`). */
export interface Posting {
  article: number
  clue: number
  weight: number
  /** The clue's number across the KB (0, 1, 2 …): a log counts each clue once, however many keys reach it. */
  id: number
}

export interface Matcher {
  kb: Kb
  /** Trigger key → the clues it can make hold; a log's keys bound every article's score from above. */
  triggers: Map<string, Posting[]>
  /** How many clues the trigger keys reach ({@link Posting.id} is below it). */
  clues: number
  /** The trigger keys of the KB by the kind before their colon: what each kind tests a log for. */
  wanted: Map<string, string[]>
  /** The clue kinds by id. */
  kinds: ReadonlyMap<string, ClueKind>
  /** Articles that are served (drafts left out unless asked). */
  articles: Article[]
  byId: Map<string, Article>
  /** Article id → its index in {@link Matcher.articles} (served articles only). */
  indexOf: Map<string, number>
  /**
   * The full-text index for plain-language questions: the KB's saved index when it has one (searched
   * as saved), else one built from its articles.
   */
  fulltext: FulltextJson
  guides: Guide[]
  regexes: Map<string, RegExp>
  /** For each regex, a lower-cased literal every match contains (when one can be read off the pattern). */
  literals: Map<string, string>
  /** For each regex without such a literal, the literals of which every match contains one (a top-level alternation). */
  alternatives: Map<string, readonly string[]>
  /** The symptom lines the fuzzy fallback compares a log with (built on first use). */
  symptoms: SymptomEntry[]
  /** Token → the symptom lines that have it (built with {@link Matcher.symptoms}). */
  tokenIndex: Map<string, number[]>
}

const STOP = new Set([
  'the',
  'and',
  'for',
  'with',
  'from',
  'that',
  'this',
  'was',
  'are',
  'not',
  'failed',
  'error',
  'caused',
  'unable',
  'cannot',
  '<n>',
  '<ip>',
  '<path>',
  '<ver>',
  '<hex>',
  '<uuid>',
  '<addr>'
])

/**
 * Tokens of a line for the fuzzy candidate index: masked words of 3+ characters that say something.
 * @param line Any line.
 * @returns Distinct tokens.
 */
export function tokensOf(line: string): string[] {
  return maskedTokens(maskLine(line))
}

/**
 * {@link tokensOf} a line already masked ({@link maskLine}; a log's lines carry theirs).
 * @param masked A masked line.
 * @returns Distinct tokens.
 */
export function maskedTokens(masked: string): string[] {
  const words = masked.split(/[^a-z0-9_<>\u4e00-\u9fff]+/)
  return [
    ...new Set(words.filter((word) => word.length >= 3 && !STOP.has(word)))
  ]
}

export interface MatcherOptions {
  /** Match drafts too (`--drafts`): for their authors, never for the bot. */
  drafts?: boolean
  /** The clue kinds to evaluate (default: the registry of `match/clues/`); a test can add its own. */
  clueKinds?: readonly ClueKind[]
}

/**
 * Compile a KB for matching.
 * @param kb A loaded KB.
 * @param options Whether drafts take part.
 * @returns The matcher every diagnosis and search uses.
 */
export function createMatcher(kb: Kb, options: MatcherOptions = {}): Matcher {
  const articles =
    options.drafts === true
      ? kb.articles
      : kb.articles.filter((article) => !article.draft)
  const regexes = new Map<string, RegExp>()
  const literals = new Map<string, string>()
  const alternatives = new Map<string, readonly string[]>()
  const kinds = kindsById(options.clueKinds ?? clueKinds)
  // What each article's clues say of the symptom (vetoes are compiled too, but their text does not
  // describe it), for the fuzzy fallback's index.
  const described: [article: number, text: string][] = []
  articles.forEach((article, index) => {
    for (const { clue, kind, underVeto } of walkClues(
      article.signatures,
      kinds
    )) {
      if (!kind) throw new Error(UNKNOWN_CLUE_KIND(clue.kind, article.id))
      for (const source of kind.patterns?.(clue) ?? [])
        if (!regexes.has(source)) regexes.set(source, new RegExp(source, 'i'))
      for (const { source, literal, anyOf } of kind.needs?.(clue) ?? [])
        if (literal !== undefined) literals.set(source, literal)
        else if (anyOf !== undefined) alternatives.set(source, anyOf)
      if (!underVeto)
        for (const text of kind.symptoms?.(clue) ?? [])
          described.push([index, text])
    }
    for (const line of article.symptomLines) described.push([index, line])
  })
  // The fuzzy fallback's index, built when a log first needs it: a log its clues settle never does.
  let fuzzy:
    | { symptoms: SymptomEntry[]; tokenIndex: Map<string, number[]> }
    | undefined
  const fuzzyIndex = (): NonNullable<typeof fuzzy> => {
    if (fuzzy !== undefined) return fuzzy
    const symptoms: SymptomEntry[] = []
    const tokenIndex = new Map<string, number[]>()
    for (const [article, text] of described) {
      const tokens = tokensOf(text)
      if (tokens.length < 2) continue
      const entry =
        symptoms.push({
          article,
          text,
          tokens,
          norm: fieldNorm(text),
          lower: text.toLowerCase()
        }) - 1
      for (const token of tokens) {
        const list = tokenIndex.get(token) ?? []
        list.push(entry)
        tokenIndex.set(token, list)
      }
    }
    fuzzy = { symptoms, tokenIndex }
    return fuzzy
  }
  const triggers = new Map<string, Posting[]>()
  const wanted = new Map<string, Set<string>>()
  let clues = 0
  articles.forEach((article, index) => {
    article.signatures.forEach((clue, position) => {
      if (isVeto(clue, kinds) || clue.weight <= 0) return
      const id = clues++
      for (const key of triggerKeys(clue, kinds)) {
        const kind = key.slice(0, key.indexOf(':'))
        const keys = wanted.get(kind) ?? new Set<string>()
        keys.add(key)
        wanted.set(kind, keys)
        const list = triggers.get(key) ?? []
        list.push({ article: index, clue: position, weight: clue.weight, id })
        triggers.set(key, list)
      }
    })
  })
  let fulltext: FulltextJson | undefined
  return {
    kb,
    articles,
    byId: new Map(articles.map((article) => [article.id, article])),
    indexOf: new Map(articles.map((article, index) => [article.id, index])),
    // Built (or read from the index) on first use: most logs are settled by their clues and never
    // ask it, and loading it is most of a warm `remedy diagnose`'s start.
    get fulltext() {
      fulltext ??= kb.fulltext ?? fulltextJson(kb.articles)
      return fulltext
    },
    guides: kb.guides,
    triggers,
    clues,
    wanted: new Map([...wanted].map(([kind, keys]) => [kind, [...keys]])),
    kinds,
    regexes,
    literals,
    alternatives,
    get symptoms() {
      return fuzzyIndex().symptoms
    },
    get tokenIndex() {
      return fuzzyIndex().tokenIndex
    }
  }
}
