/**
 * @module match/matcher
 * A matcher is a compiled KB: regexes compiled once, the token index over symptom lines for the fuzzy
 * fallback, and the fuse.js index for article search. Build it once at start and reuse it.
 */
import Fuse from 'fuse.js'
import { UNKNOWN_CLUE_KIND } from '../errors.ts'
import { buildFulltext, loadFulltext, type Fulltext } from '../kb/fulltext.ts'
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

export interface SearchDoc {
  id: string
  collection: string
  title: string
  summary: string
  tags: string[]
  /** Titles and summaries of the translations, so a search in another language finds the article. */
  localized: string[]
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
  /** The full-text index for plain-language questions (from the KB's saved index when it has one). */
  fulltext: Fulltext
  guides: Guide[]
  regexes: Map<string, RegExp>
  /** For each regex, a lower-cased literal every match contains (when one can be read off the pattern). */
  literals: Map<string, string>
  /** For each regex without such a literal, the literals of which every match contains one (a top-level alternation). */
  alternatives: Map<string, string[]>
  symptoms: SymptomEntry[]
  tokenIndex: Map<string, number[]>
  search: Fuse<SearchDoc>
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

/**
 * The longest literal run (3+ characters) that every match of a pattern must contain, read off the
 * top level of the pattern: groups, classes and quantified characters end a run; a top-level `|`
 * means there is none. Used to skip a regex when the log does not contain its literal.
 * @param source A regex source.
 * @returns The literal, lower-cased, or undefined.
 * @example requiredLiteral('Unable to bind (?:UDP|udp) port') // 'unable to bind '
 */
export function requiredLiteral(source: string): string | undefined {
  const runs: string[] = []
  let run = ''
  let depth = 0
  let inClass = false
  const end = (): void => {
    if (run.length >= 3) runs.push(run)
    run = ''
  }
  for (let index = 0; index < source.length; index++) {
    const char = source[index] ?? ''
    const next = source[index + 1] ?? ''
    if (inClass) {
      if (char === '\\') index++
      else if (char === ']') inClass = false
      continue
    }
    if (char === '\\') {
      const escaped = next
      index++
      // Escapes that take arguments: \uXXXX, \u{…}, \xXX, \p{…}, \k<…>, \cX.
      const argument =
        /^(?:u\{[0-9a-f]+\}|u[0-9a-f]{4}|x[0-9a-f]{2}|[pP]\{[^}]*\}|k<[^>]*>|c[A-Za-z])/i.exec(
          source.slice(index)
        )
      if (argument) {
        index += argument[0].length - 1
        end()
        continue
      }
      const optional = /[?*{]/.test(source[index + 1] ?? '')
      if (depth === 0 && /[^\w\s]/.test(escaped) && !optional) run += escaped
      else end()
      continue
    }
    if (char === '[') {
      inClass = true
      end()
      continue
    }
    if (char === '(') {
      depth++
      end()
      continue
    }
    if (char === ')') {
      depth = Math.max(0, depth - 1)
      end()
      continue
    }
    if (char === '|' && depth === 0) return undefined
    if (depth > 0) continue
    if ('.^$+*?{}|'.includes(char)) {
      end()
      continue
    }
    if (/[?*{]/.test(next)) {
      end()
      continue
    }
    run += char
  }
  end()
  const longest = runs.sort((a, b) => b.length - a.length)[0]
  return longest?.toLowerCase()
}

/**
 * The characters of a regex source that give it its structure: outside escapes (`\x`) and
 * character classes (`[...]`), with their index.
 */
function* structure(source: string): Generator<[index: number, char: string]> {
  let inClass = false
  for (let index = 0; index < source.length; index++) {
    const char = source.charAt(index)
    if (char === '\\') index++
    else if (inClass) inClass = char !== ']'
    else if (char === '[') inClass = true
    else yield [index, char]
  }
}

/**
 * The branches of a pattern's top-level alternation (one when it has none).
 * @param source A regex source.
 * @returns Its branches, in order.
 * @example topLevelBranches('a(b|c)|d') // ['a(b|c)', 'd']
 */
export function topLevelBranches(source: string): string[] {
  const branches: string[] = []
  let depth = 0
  let from = 0
  for (const [index, char] of structure(source)) {
    if (char === '(') depth++
    else if (char === ')') depth = Math.max(0, depth - 1)
    else if (char === '|' && depth === 0) {
      branches.push(source.slice(from, index))
      from = index + 1
    }
  }
  branches.push(source.slice(from))
  return branches
}

/**
 * The insides of the groups at the top level of a pattern that every match goes through: not
 * optional (`?`, `*`, `{0,…}`) and not a lookaround.
 */
function requiredGroups(source: string): string[] {
  const groups: string[] = []
  let depth = 0
  let start = 0
  for (const [index, char] of structure(source)) {
    if (char === '(') {
      if (depth === 0) start = index
      depth++
    } else if (char === ')' && depth > 0) {
      depth--
      if (depth > 0) continue
      const group = source.slice(start + 1, index)
      const quantifier = source.slice(index + 1, index + 4)
      if (/^(?:[?*]|\{0\b|\{,)/.test(quantifier)) continue
      if (/^\?(?:[=!]|<[=!])/.test(group)) continue
      groups.push(group.replace(/^\?(?::|<[A-Za-z_$][\w$]*>)/, ''))
    }
  }
  return groups
}

/**
 * Literals of which every match of a pattern contains one: its required literal, else those of a
 * required group, else (for an alternation) one set per branch.
 */
function someLiteral(source: string): string[] | undefined {
  const branches = topLevelBranches(source)
  if (branches.length > 1) {
    const literals: string[] = []
    for (const branch of branches) {
      const some = someLiteral(branch)
      if (some === undefined) return undefined
      literals.push(...some)
    }
    return [...new Set(literals)]
  }
  const literal = requiredLiteral(source)
  return literal === undefined ? groupLiterals(source) : [literal]
}

/** The literals of the required group whose shortest literal is the longest. */
function groupLiterals(source: string): string[] | undefined {
  let best: string[] | undefined
  let bestLength = 0
  for (const group of requiredGroups(source)) {
    const some = someLiteral(group)
    if (some === undefined) continue
    const length = Math.min(...some.map((text) => text.length))
    if (length > bestLength) {
      best = some
      bestLength = length
    }
  }
  return best
}

/**
 * For a pattern without a required literal ({@link requiredLiteral}), the literals of which every
 * match contains one: one per branch of a top-level alternation (a branch's own literal, or those
 * of a group it needs), or those of a group the pattern needs (`\b(?:lost|dropped|missing)\b`).
 * @param source A regex source.
 * @returns The literals, lower-cased, or undefined when some way to match has no literal of three
 *   characters or more.
 * @example requiredAlternatives('Connection reset|socket hang up') // ['connection reset', 'socket hang up']
 * @example requiredAlternatives('\\b(?:lost|dropped)\\b') // ['lost', 'dropped']
 */
export function requiredAlternatives(source: string): string[] | undefined {
  return topLevelBranches(source).length > 1
    ? someLiteral(source)
    : groupLiterals(source)
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
  const symptoms: SymptomEntry[] = []
  const tokenIndex = new Map<string, number[]>()
  const kinds = kindsById(options.clueKinds ?? clueKinds)
  articles.forEach((article, index) => {
    const addSymptom = (articleIndex: number, text: string): void => {
      const tokens = tokensOf(text)
      if (tokens.length < 2) return
      const entry =
        symptoms.push({
          article: articleIndex,
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
    for (const { clue, kind, underVeto } of walkClues(
      article.signatures,
      kinds
    )) {
      if (!kind) throw new Error(UNKNOWN_CLUE_KIND(clue.kind, article.id))
      for (const source of kind.patterns?.(clue) ?? [])
        if (!regexes.has(source)) regexes.set(source, new RegExp(source, 'i'))
      // Vetoes are compiled too, but their text does not describe the symptom.
      if (!underVeto)
        for (const text of kind.symptoms?.(clue) ?? []) addSymptom(index, text)
    }
    for (const line of article.symptomLines) addSymptom(index, line)
  })
  const docs: SearchDoc[] = articles.map((article) => ({
    id: article.id,
    collection: article.collection,
    title: article.content.title,
    summary: article.content.summary,
    tags: article.tags,
    localized: Object.values(article.translations).flatMap((content) => [
      content.title,
      content.summary
    ])
  }))
  const search = new Fuse(docs, {
    keys: [
      { name: 'id', weight: 3 },
      { name: 'title', weight: 2 },
      { name: 'tags', weight: 1.5 },
      { name: 'summary', weight: 1 },
      { name: 'localized', weight: 1 }
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4
  })
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
  let fulltext: Fulltext | undefined
  const literals = new Map<string, string>()
  const alternatives = new Map<string, string[]>()
  for (const source of regexes.keys()) {
    const literal = requiredLiteral(source)
    if (literal !== undefined) literals.set(source, literal)
    else {
      const some = requiredAlternatives(source)
      if (some !== undefined) alternatives.set(source, some)
    }
  }
  return {
    kb,
    articles,
    byId: new Map(articles.map((article) => [article.id, article])),
    indexOf: new Map(articles.map((article, index) => [article.id, index])),
    // Built (or read from the index) on first use: most logs are settled by their clues and never
    // ask it, and loading it is most of a warm `remedy diagnose`'s start.
    get fulltext() {
      fulltext ??=
        kb.fulltext === undefined
          ? buildFulltext(kb.articles)
          : loadFulltext(kb.fulltext)
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
    symptoms,
    tokenIndex,
    search
  }
}
