/**
 * @module match/diagnose
 * Rank the articles that explain a log. Order matters: typed signatures and product-specific text
 * first (they carry the weight), the fuzzy fallback last (it can make a candidate, never a match alone).
 */
import { lazily } from '../kb/lazily.ts'
import { pickLocale } from '../kb/locale.ts'
import type { Article, ArticleContent, Guide } from '../kb/types.ts'
import {
  createContext,
  evaluate,
  isGate,
  isVeto,
  liveKey,
  offeredKeys,
  type Context
} from './clues/index.ts'
import { bitapPattern, bitapSearch } from './bitap.ts'
import type { Matcher, SymptomEntry } from './matcher.ts'
import { nextStamp, scratchFor, symptomScratch } from './scratch.ts'
import { maskedTokens, tokensOf } from './matcher.ts'
import { DEFAULT_LIMITS, normalize, type ReadLimits } from './normalize.ts'
import { markImageFacts, repairOcrText } from './ocr.ts'
import {
  LOG_MAX_SCORE,
  PROSE_MAX_SCORE,
  proseHits,
  readsAsProse
} from './prose.ts'
import { redact } from './redact.ts'
import { extractFacts } from './signals/index.ts'
import { factCaptures, fillMarkdown, resolveSteps } from './steps.ts'
import type {
  CollectHint,
  Diagnosis,
  Evidence,
  Facts,
  ImageInput,
  Log,
  Match
} from './types.ts'

export interface DiagnoseOptions {
  locale?: string
  /** How many candidates to return at most (default 3). */
  top?: number
  limits?: Partial<ReadLimits>
  /**
   * Set when the text was read from an image (OCR): the text is repaired first
   * (`./ocr.ts`), and its versions, addresses and errno numbers carry their certainty.
   */
  image?: ImageInput
}

/** Confidence from an evidence score: 1 − e^(−2·score). A score of 0.7 gives 0.75. */
export const confidenceOf = (score: number): number =>
  Math.round((1 - Math.exp(-2 * Math.max(0, score))) * 1000) / 1000

/** A confident match needs this confidence and a lead of {@link MATCH_LEAD} in score over the next article. */
export const MATCH_CONFIDENCE = 0.75
export const MATCH_LEAD = 0.3
/** Below this confidence an article is not even a candidate. */
export const CANDIDATE_CONFIDENCE = 0.4
/** The most the fuzzy fallback adds to a score: alone it can make a candidate, never a match. */
const FUZZY_WEIGHT = 0.35
const FUZZY_MIN_SIMILARITY = 0.55
/** The worst Bitap score (fuse.js's `threshold`) at which a line still resembles a symptom. */
const FUZZY_THRESHOLD = 0.45
const MAX_FUZZY_LINES = 20
/**
 * A token in more than this share of the symptom lines (`dora`, `node`) says little about which one a
 * line resembles and costs the most candidates: the fuzzy fallback skips it like a stop word. The
 * floor keeps small KBs from losing their words; the cap bounds a very large KB's cost.
 */
const STOP_TOKEN_SHARE = 0.075
const STOP_TOKEN_FLOOR = 40
const STOP_TOKEN_CAP = 500
const MAX_CANDIDATES = 30
/** A clue score this high, with no rival above {@link SETTLED_RIVAL}, is not changed by the fuzzy fallback. */
const SETTLED_SCORE = 1
const SETTLED_RIVAL = 0.3

interface Scored {
  article: Article
  score: number
  evidence: Evidence[]
  captures: Record<string, string>
  lines: Set<number>
}

/** Evidence without its text: the text is read and redacted only for the articles that are shown. */
function addEvidence(
  evidence: Evidence[],
  lines: readonly number[],
  clue: string
): void {
  if (lines.length === 0) evidence.push({ line: 0, text: '', clue })
  for (const n of lines) evidence.push({ line: n, text: '', clue })
}

function score(article: Article, ctx: Context): Scored | undefined {
  let total = 0
  // Made on the first clue that holds: most articles a log reaches score nothing.
  let found: Scored | undefined
  for (const clue of article.signatures) {
    const result = evaluate(clue, ctx)
    if (isVeto(clue, ctx.kinds)) {
      if (!result.hit) return undefined
      continue
    }
    if (!result.hit) {
      if (clue.required) return undefined
      continue
    }
    total += clue.weight
    found ??= {
      article,
      score: 0,
      evidence: [],
      captures: {},
      lines: new Set<number>()
    }
    for (const name in result.captures)
      found.captures[name] = result.captures[name] ?? ''
    for (const line of result.lines) found.lines.add(line)
    // A person reads what the log said ("Unable to bind UDP port 224.0.0.224:7446"), else the clue.
    if (clue.weight > 0)
      addEvidence(found.evidence, result.lines, result.matched ?? clue.label)
  }
  if (found === undefined || total <= 0) return undefined
  found.score = total
  return found
}

/** Does a veto (`not`) hold, or a `required` clue not, for this article on this log? */
function ruledOut(article: Article, ctx: Context): boolean {
  return article.signatures.some(
    (clue) => isGate(clue, ctx.kinds) && !evaluate(clue, ctx).hit
  )
}

/** Does a veto (`not`) of this article hold on this log? */
function vetoedBy(article: Article, ctx: Context): boolean {
  return article.signatures.some(
    (clue) => isVeto(clue, ctx.kinds) && !evaluate(clue, ctx).hit
  )
}

/** Lines worth comparing with symptom text: the innermost causes first, then error and warning lines. */
function errorLines(log: Log, facts: Facts): { n: number; text: string }[] {
  const chosen = new Map<number, string>()
  for (const chain of facts.chains)
    chosen.set(chain.innermost.line, chain.innermost.text)
  for (const line of log.lines) {
    if (chosen.size >= MAX_FUZZY_LINES) break
    if (line.level === 'error' || line.level === 'warn')
      chosen.set(line.n, line.text)
  }
  return [...chosen].slice(0, MAX_FUZZY_LINES).map(([n, text]) => ({ n, text }))
}

/** The smallest score that can show (confidence 0.2, the floor of "Other matches"). */
const MIN_SCORE = 0.11

/**
 * The articles whose positive clues could reach {@link MIN_SCORE} on this log: every clue is reached
 * through the keys of the facts and texts it needs, so most of a large KB is never evaluated. An
 * article reached only through keys that cannot hold on this log ({@link liveKey}) is not `live`:
 * none of its positive clues holds.
 */
function reachable(
  matcher: Matcher,
  ctx: Context
): { index: number; live: boolean }[] {
  const keys = offeredKeys(ctx, matcher.wanted)
  const scratch = scratchFor(matcher)
  const { bound, live, counted, touched } = scratch
  const stamp = nextStamp(scratch, [scratch.counted, scratch.live])
  let reached = 0
  for (const key of keys) {
    const postings = matcher.triggers.get(key)
    if (postings === undefined) continue
    const holds = liveKey(ctx, key)
    for (const posting of postings) {
      const article = posting.article
      if (live[article] !== stamp && live[article] !== -stamp) {
        // First reached on this log: its bound starts at 0.
        live[article] = -stamp
        bound[article] = 0
        touched[reached++] = article
      }
      if (holds) live[article] = stamp
      if (counted[posting.id] === stamp) continue
      counted[posting.id] = stamp
      bound[article] = (bound[article] ?? 0) + posting.weight
    }
  }
  const order = touched.subarray(0, reached).sort()
  const result: { index: number; live: boolean }[] = []
  for (const index of order)
    if ((bound[index] ?? 0) >= MIN_SCORE)
      result.push({ index, live: live[index] === stamp })
  return result
}

function fuzzy(
  matcher: Matcher,
  ctx: Context,
  scored: Map<number, Scored>,
  vetoed: Set<number>
): void {
  const { log, facts } = ctx
  const lines = errorLines(log, facts)
  // No error line (a question in plain words): the symptom index is not even built.
  if (lines.length === 0) return
  const best = new Map<
    number,
    { similarity: number; line: number; symptom: string }
  >()
  const maxPostings = Math.min(
    STOP_TOKEN_CAP,
    Math.max(
      STOP_TOKEN_FLOOR,
      Math.round(matcher.symptoms.length * STOP_TOKEN_SHARE)
    )
  )
  const shared = symptomScratch(scratchFor(matcher), matcher.symptoms.length)
  const { counts, stamps, order } = shared
  const symptomStamps = [stamps]
  for (const line of lines) {
    // Candidates: symptom lines that share two words with this line; fuse.js ranks only those.
    const stamp = nextStamp(shared, symptomStamps)
    let reached = 0
    // A log line was masked when the log was read; a chain's message may be part of one.
    const read = log.lines[line.n - 1]
    const tokens = new Set(
      read?.text === line.text ? maskedTokens(read.masked) : tokensOf(line.text)
    )
    for (const token of tokens) {
      const postings = matcher.tokenIndex.get(token) ?? []
      if (postings.length > maxPostings) continue
      for (const entry of postings) {
        if (stamps[entry] !== stamp) {
          stamps[entry] = stamp
          counts[entry] = 0
          order[reached++] = entry
        }
        counts[entry] = (counts[entry] ?? 0) + 1
      }
    }
    // In the order they were reached, then most words shared first (a stable sort).
    const picked: number[] = []
    for (let index = 0; index < reached; index++) {
      const entry = order[index] ?? 0
      if ((counts[entry] ?? 0) >= 2) picked.push(entry)
    }
    picked.sort((a, b) => (counts[b] ?? 0) - (counts[a] ?? 0))
    const candidates: SymptomEntry[] = []
    for (const entry of picked) {
      if (candidates.length === MAX_CANDIDATES) break
      const symptom = matcher.symptoms[entry]
      if (symptom !== undefined) candidates.push(symptom)
    }
    if (candidates.length === 0) continue
    // Bitap works on 32-character chunks: two chunks of the line are enough to compare it.
    const query = line.text.length > 64 ? line.text.slice(0, 64) : line.text
    const pattern = bitapPattern(query, FUZZY_THRESHOLD)
    for (const result of bitapSearch(pattern, candidates, 5)) {
      const symptom = candidates[result.index]
      if (!symptom) continue
      // Bitap compares the line with the symptom; also require that the symptom's words appear, so a
      // long log line does not match a short symptom by chance.
      const shared = symptom.tokens.filter((token) => tokens.has(token)).length
      const overlap = shared / Math.max(1, symptom.tokens.length)
      const similarity = (1 - (result.score ?? 1)) * 0.5 + overlap * 0.5
      const article = symptom.article
      if (vetoed.has(article) || similarity < FUZZY_MIN_SIMILARITY) continue
      const previous = best.get(article)
      if (!previous || similarity > previous.similarity)
        best.set(article, { similarity, line: line.n, symptom: symptom.text })
    }
  }
  for (const [index, found] of best) {
    const article = matcher.articles[index]
    if (!article) continue
    let entry = scored.get(index)
    if (!entry) {
      // Not reached by its clues: its vetoes still apply before the fuzzy evidence counts.
      if (ruledOut(article, ctx)) continue
      entry = {
        article,
        score: 0,
        evidence: [],
        captures: {},
        lines: new Set<number>()
      }
    }
    entry.score += FUZZY_WEIGHT * found.similarity
    entry.lines.add(found.line)
    addEvidence(
      entry.evidence,
      [found.line],
      `similar to "${found.symptom.slice(0, 80)}"`
    )
    scored.set(index, entry)
  }
}

/**
 * Plain-language questions, and logs no clue explained: the full-text index lifts the articles it
 * finds up to {@link PROSE_MAX_SCORE} (a question) or {@link LOG_MAX_SCORE} (a log) at most, so alone it
 * makes a candidate, never a match.
 */
function fulltext(
  matcher: Matcher,
  ctx: Context,
  scored: Map<number, Scored>,
  prose: boolean
): void {
  const lines = prose ? [] : errorLines(ctx.log, ctx.facts)
  // A question reads whole; a log by its error lines (all of a short one that has none).
  const text = (lines.length > 0 ? lines : ctx.log.lines.slice(0, 20))
    .map((line) => line.text)
    .join('\n')
  const max = prose ? PROSE_MAX_SCORE : LOG_MAX_SCORE
  for (const hit of proseHits(matcher, text, max)) {
    const article = matcher.articles[hit.article]
    if (!article) continue
    let entry = scored.get(hit.article)
    if (!entry) {
      // A question names no error, so an article's `required` clues cannot hold; its vetoes still do.
      if (prose ? vetoedBy(article, ctx) : ruledOut(article, ctx)) continue
      entry = {
        article,
        score: 0,
        evidence: [],
        captures: {},
        lines: new Set()
      }
    }
    if (entry.score >= max) continue
    entry.score = Math.min(entry.score + hit.score, max)
    addEvidence(entry.evidence, [], 'the words of the question')
    scored.set(hit.article, entry)
  }
}

/**
 * Pick an article's content with the locale chooser: the asked locale, its language, then English
 * (the article's own text when it has no English).
 * @param article The article.
 * @param locale The locale asked for.
 * @returns The content to show.
 */
export function contentFor(
  article: Article,
  locale: string | undefined
): ArticleContent {
  if (locale === undefined || locale === 'en') return article.content
  return (
    pickLocale(
      { ...article.translations, [article.content.locale]: article.content },
      locale
    ) ?? article.content
  )
}

/** One evidence item per log line, with every clue that holds on it. */
function mergeEvidence(evidence: Evidence[], log: Log): Evidence[] {
  const byLine = new Map<number, Evidence>()
  for (const item of evidence) {
    const seen = byLine.get(item.line)
    if (!seen) byLine.set(item.line, { ...item })
    else if (!seen.clue.split('; ').includes(item.clue))
      seen.clue = `${seen.clue}; ${item.clue}`
  }
  return [...byLine.values()]
    .sort((a, b) => a.line - b.line)
    .map((item) => ({
      ...item,
      text:
        item.line > 0
          ? redact(log.lines[item.line - 1]?.text ?? '').slice(0, 300)
          : ''
    }))
}

/**
 * The match for an article. The evidence, steps and sections of an article that is only listed
 * under "Other matches" (an id, a title and a confidence) are computed when something reads them:
 * filling the steps of articles nobody opens was a tenth of a diagnosis.
 * @param shown Whether the article is an answer (its details are computed now).
 * @param base The captures of the log's facts ({@link factCaptures}), the same for every article.
 */
function toMatch(
  entry: Scored,
  facts: Facts,
  log: Log,
  locale: string | undefined,
  shown: boolean,
  base: () => Record<string, string>
): Match {
  const content = contentFor(entry.article, locale)
  const match: Match = {
    id: entry.article.id,
    collection: entry.article.collection,
    locale: content.locale,
    title: content.title,
    summary: content.summary,
    path: content.path,
    confidence: confidenceOf(entry.score),
    score: Math.round(entry.score * 1000) / 1000,
    evidence: [],
    steps: [],
    captures: {},
    cause: '',
    verify: '',
    ifNotHelped: ''
  }
  const detail = <K extends keyof Match>(
    key: K,
    compute: () => Match[K]
  ): void => {
    if (shown) match[key] = compute()
    else lazily(match, key, compute)
  }
  // The captures first: the steps and sections are filled with them.
  detail('captures', () => ({ ...base(), ...entry.captures }))
  detail('evidence', () => mergeEvidence(entry.evidence, log))
  detail('steps', () => resolveSteps(content.steps, facts, match.captures))
  detail('cause', () => fillMarkdown(content.cause, match.captures))
  detail('verify', () => fillMarkdown(content.verify, match.captures))
  detail('ifNotHelped', () => fillMarkdown(content.ifNotHelped, match.captures))
  return match
}

function guideFor(
  guides: Guide[],
  facts: Facts,
  collection: string | undefined
): Guide | undefined {
  const products = new Set(facts.products.map((fact) => fact.name))
  return (
    guides.find(
      (guide) =>
        guide.products.some((product) => products.has(product)) &&
        (collection === undefined || guide.collection === collection)
    ) ??
    guides.find((guide) =>
      guide.products.some((product) => products.has(product))
    ) ??
    guides.find((guide) => guide.collection === collection) ??
    guides.find((guide) => guide.collection === 'network') ??
    guides[0]
  )
}

function collectHint(
  guide: Guide | undefined,
  reason: CollectHint['reason'],
  facts: Facts,
  base: () => Record<string, string>,
  locale: string | undefined
): CollectHint | undefined {
  if (!guide) return undefined
  const content = pickLocale(guide.content, locale)
  if (!content) return undefined
  return {
    reason,
    collection: guide.collection,
    title: content.title,
    steps: resolveSteps(content.steps, facts, base())
  }
}

/** A paste too thin to decide: a few lines, or an error chain cut before its cause. */
function isThin(log: Log, facts: Facts): boolean {
  const meaningful = log.lines.filter(
    (line) => line.level === 'error' || line.level === 'warn'
  )
  const last = log.lines.at(-1)?.text ?? ''
  const cut = /^Caused by:?$/i.test(last) || /^\d{1,2}:$/.test(last)
  return (
    cut ||
    (facts.errors.length === 0 &&
      facts.chains.length === 0 &&
      meaningful.length <= 1 &&
      log.lines.length <= 3)
  )
}

/**
 * Diagnose a log against the KB.
 * @param matcher The compiled KB.
 * @param input The paste, text or bytes.
 * @param options Locale of the answer, how many candidates, read limits.
 * @returns The verdict, the ranked articles with evidence and steps, and the facts.
 * @example diagnose(matcher, 'Error: listen EADDRINUSE: address already in use :::3000').verdict // 'match'
 */
export function diagnose(
  matcher: Matcher,
  input: string | Uint8Array,
  options: DiagnoseOptions = {}
): Diagnosis {
  const limits = { ...DEFAULT_LIMITS, ...options.limits }
  const top = options.top ?? 3
  const image = options.image
  const log = normalize(
    image === undefined
      ? input
      : repairOcrText(
          typeof input === 'string' ? input : new TextDecoder().decode(input)
        ),
    limits
  )
  const facts = extractFacts(log)
  const reading =
    image === undefined ? undefined : markImageFacts(facts, log, image)
  const ctx: Context = createContext(
    log,
    facts,
    matcher.regexes,
    matcher.literals,
    matcher.kinds,
    matcher.alternatives
  )
  const scored = new Map<number, Scored>()
  const vetoed = new Set<number>()
  // Only articles whose clues could add up to a visible score are evaluated in full.
  for (const { index, live } of reachable(matcher, ctx)) {
    const article = matcher.articles[index]
    if (!article) continue
    // Reached only through keys that cannot hold: no positive clue holds, so it scores nothing, as
    // `score` would find; its gates still keep the fallbacks off it.
    const result = live ? score(article, ctx) : undefined
    if (result) scored.set(index, result)
    else if (article.signatures.some((clue) => isGate(clue, matcher.kinds)))
      vetoed.add(index)
  }
  // The fuzzy fallback is for logs the clues do not settle. When one article is already certain and
  // no other comes near, it cannot change the answer: skip it (it is most of a diagnosis's time).
  const clueScores = [...scored.values()]
    .map((entry) => entry.score)
    .sort((a, b) => b - a)
  const settled =
    (clueScores[0] ?? 0) >= SETTLED_SCORE &&
    (clueScores[1] ?? 0) < SETTLED_RIVAL
  if (!settled) fuzzy(matcher, ctx, scored, vetoed)
  // No error line decides (no candidate yet, or a question no clue settles): ask the full-text index.
  const best = Math.max(0, ...[...scored.values()].map((entry) => entry.score))
  const prose = readsAsProse(log, facts)
  if (
    confidenceOf(best) < CANDIDATE_CONFIDENCE ||
    (confidenceOf(best) < MATCH_CONFIDENCE && prose)
  )
    fulltext(matcher, ctx, scored, prose)

  const ranked = [...scored.values()].sort(
    // Ids are ASCII (`ID_PATTERN`): code-unit order is their collation order, without loading the
    // collator (~8 ms on a command's first comparison).
    (a, b) =>
      b.score - a.score ||
      (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0)
  )
  const candidates = ranked.filter(
    (entry) => confidenceOf(entry.score) >= CANDIDATE_CONFIDENCE
  )
  const [first, second] = candidates
  const chainOf = chainOfLines(facts)
  let verdict: Diagnosis['verdict'] = 'none'
  let chosen: Scored[] = []
  if (
    first &&
    confidenceOf(first.score) >= MATCH_CONFIDENCE &&
    (!second ||
      first.score - second.score >= MATCH_LEAD ||
      disjoint(first, second, chainOf))
  ) {
    verdict = 'match'
    chosen = [first]
    // A second, distinct problem: confident too, and explained by other lines of the log.
    const other = candidates
      .slice(1)
      .find(
        (entry) =>
          confidenceOf(entry.score) >= MATCH_CONFIDENCE &&
          disjoint(first, entry, chainOf)
      )
    if (
      other &&
      !candidates
        .slice(1)
        .some(
          (entry) =>
            entry !== other &&
            !disjoint(other, entry, chainOf) &&
            other.score - entry.score < MATCH_LEAD
        )
    )
      chosen.push(other)
  } else if (first) {
    verdict = 'candidates'
    chosen = candidates.slice(0, top)
  }
  const others = ranked
    .filter(
      (entry) => !chosen.includes(entry) && confidenceOf(entry.score) >= 0.2
    )
    .slice(0, 5)
  const thin = verdict !== 'match' && isThin(log, facts)
  const reason: CollectHint['reason'] | undefined = thin
    ? 'thin'
    : verdict === 'none'
      ? 'none'
      : log.truncated && verdict !== 'match'
        ? 'truncated'
        : undefined
  // The captures of the facts are the same for every article: read them off the log once.
  let captures: Record<string, string> | undefined
  const base = (): Record<string, string> =>
    (captures ??= factCaptures(facts, log))
  return {
    verdict,
    matches: chosen.map((entry) =>
      toMatch(entry, facts, log, options.locale, true, base)
    ),
    others: others.map((entry) =>
      toMatch(entry, facts, log, options.locale, false, base)
    ),
    facts,
    locale: options.locale ?? 'en',
    collect:
      reason === undefined
        ? undefined
        : collectHint(
            guideFor(matcher.guides, facts, chosen[0]?.article.collection),
            reason,
            facts,
            base,
            options.locale
          ),
    truncated: log.truncated,
    kbVersion: matcher.kb.version,
    ...(reading === undefined ? {} : { image: reading })
  }
}

/**
 * Are two articles explained by different lines of the log — two distinct problems? Lines of one
 * error chain are one problem (`failed to register node` because of `version mismatch`): its
 * messages count as one line.
 */
function disjoint(
  a: Scored,
  b: Scored,
  chainOf: ReadonlyMap<number, number>
): boolean {
  if (a.lines.size === 0 || b.lines.size === 0) return false
  const place = (line: number): number => {
    const chain = chainOf.get(line)
    return chain === undefined ? line : -1 - chain
  }
  const taken = new Set<number>()
  for (const line of a.lines) taken.add(place(line))
  for (const line of b.lines) if (taken.has(place(line))) return false
  return true
}

/** Each line of an error chain → the chain's index in the facts. */
function chainOfLines(facts: Facts): Map<number, number> {
  const chainOf = new Map<number, number>()
  facts.chains.forEach((chain, index) => {
    for (const message of chain.messages) chainOf.set(message.line, index)
  })
  return chainOf
}
