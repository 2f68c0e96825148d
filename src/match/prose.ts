/**
 * @module match/prose
 * Plain-language questions ("the subscriber receives nothing"): when no error line decides, the
 * full-text index (`kb/fulltext.ts`) ranks the articles. What it finds is a candidate, never a
 * match: its score is capped below the match threshold.
 */
import { queryTerms, searchFulltext } from '../kb/fulltext.ts'
import type { Matcher } from './matcher.ts'
import type { Facts, Log } from './types.ts'

/**
 * The most the full-text index gives an article: confidence 0.70, a candidate but below
 * `MATCH_CONFIDENCE` (0.75), so prose alone never makes a confident match.
 */
export const PROSE_MAX_SCORE = 0.6
/**
 * The most it gives an article for the error lines of a log no clue explained (confidence 0.59):
 * a log names many words of many articles, so what the index finds in it is a weaker hint.
 */
export const LOG_MAX_SCORE = 0.45
/** Hits below this share of the best hit's BM25 score are left out. */
const RELATIVE_FLOOR = 0.3
/** A question must share this many distinct terms with an article before it counts. */
const MIN_MATCHED = 2
/** Distinct terms shared with the best article for full strength (fewer scale the scores down). */
const FULL_MATCHED = 4
/** Most terms of a question that are searched (a long paste is not a question). */
const MAX_TERMS = 40
const MAX_HITS = 5

/** One article the question points at. */
export interface ProseHit {
  /** Index in `matcher.articles`. */
  article: number
  score: number
}

const SENTENCE_WORDS =
  /(?:^|\s)(?:i|my|we|it|is|but|does|not|doesn't|when|how|why|what|the|and|yo|mi|me|se|no|y|de|en|que|es|pero|cuando|como|por que|el|la|los|funciona)(?=\s|$)/gi
const CJK_SENTENCE = /[我你吗呢了但是不没怎么为什么的]/gu

/** What makes a text read as a sentence: its words, function words, Chinese particles and Han characters. */
function counts(text: string): {
  words: number
  function_: number
  particles: number
  hanzi: number
} {
  return {
    words: text.match(/[\p{L}']+/gu)?.length ?? 0,
    function_: text.match(SENTENCE_WORDS)?.length ?? 0,
    particles: text.match(CJK_SENTENCE)?.length ?? 0,
    hanzi: text.match(/[\u4e00-\u9fff]/gu)?.length ?? 0
  }
}

/** The head of a log's error line: `Error:`, `ERROR`, `panicked at`, `SomeException:` … */
const LOG_HEAD =
  /^\s*(?:\[?(?:error|erro|err|fatal|warn(?:ing)?|critical|panic)\b|[\w.$]*(?:error|exception|panic)\w*\s*[:[(]|thread '|caused by\b|traceback\b)/i

/**
 * Does a line that names an error describe it in a sentence, rather than print it?
 * @param text The line.
 * @returns True for a sentence of at least five words with two function words (English or Spanish),
 * or Chinese with particles, that does not start the way an error line does.
 */
function describesError(text: string): boolean {
  if (LOG_HEAD.test(text)) return false
  const { words, function_, particles, hanzi } = counts(text)
  return (words >= 5 && function_ >= 2) || (particles >= 1 && hanzi >= 6)
}

/**
 * Does the paste read as a question or a description rather than a log: a few short lines, no
 * error chain or OS error, at most one error line, and sentence words (English or Spanish function words, or Chinese particles)?
 * @param log The normalised paste.
 * @param facts Its facts.
 * @returns True for prose.
 * @example readsAsProse(normalize('the subscriber receives nothing but the publisher prints'), facts) // true
 */
export function readsAsProse(log: Log, facts: Facts): boolean {
  if (log.lines.length === 0 || log.lines.length > 8) return false
  // An OS error, an error chain or an error or warning line make it a log, whatever words surround them.
  if (facts.chains.length > 0 || facts.errors.length > 0) return false
  // A line that says "fails" or "无法" in a sentence ("dora up fails in WSL, it says it cannot bind
  // the port") describes an error; a line a logger marked, or one that reads as a log's, is one.
  if (
    log.lines.some(
      (line) =>
        (line.level === 'error' || line.level === 'warn') &&
        !describesError(line.text)
    )
  )
    return false
  const { words, function_, particles, hanzi } = counts(
    log.lines.map((line) => line.text).join(' ')
  )
  // Most lines must read as sentences: a log pasted with a line of chat around it is still a log.
  const sentences = log.lines.filter((line) => {
    const one = counts(line.text)
    return (one.words >= 4 && one.function_ >= 1) || one.particles >= 1
  }).length
  return (
    sentences * 2 > log.lines.length &&
    ((words >= 6 && function_ >= 2) ||
      particles >= 2 ||
      (particles >= 1 && hanzi >= 6))
  )
}

/**
 * Rank the served articles for the text of a log with the full-text index.
 * @param matcher The compiled KB.
 * @param text The question (or the error lines no clue explained).
 * @param max The best hit's score: {@link PROSE_MAX_SCORE} for a question, {@link LOG_MAX_SCORE} for a log.
 * @returns Articles with a score of at most `max`, best first.
 */
export function proseHits(
  matcher: Matcher,
  text: string,
  max: number = PROSE_MAX_SCORE
): ProseHit[] {
  const terms = queryTerms(text).slice(0, MAX_TERMS)
  const hits = searchFulltext(matcher.fulltext, terms).filter(
    (hit) => matcher.indexOf.has(hit.id) && hit.matched >= MIN_MATCHED
  )
  const best = hits[0]
  if (!best) return []
  const strength = Math.min(1, best.matched / FULL_MATCHED)
  const out: ProseHit[] = []
  for (const hit of hits.slice(0, MAX_HITS)) {
    const relative = hit.score / best.score
    const index = matcher.indexOf.get(hit.id)
    if (relative < RELATIVE_FLOOR || index === undefined) continue
    out.push({ article: index, score: max * strength * relative })
  }
  return out
}
