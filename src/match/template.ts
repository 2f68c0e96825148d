/**
 * @module match/template
 * Words that stay the same across logs of one problem: the longest run of a masked template's tokens
 * that are not parameters (`<n>`, `<path>`, `<*>` …), tidied into a `text:` clue, and an id from it.
 * `remedy gaps` drafts from templates of many logs, `remedy import` from the error lines of one.
 */

/** A token that differs between the logs of a template. */
export const WILDCARD = '<*>'
/** Masked placeholders (`<n>`, `<path>` …) and the chain separator `<-` are not words. */
const PARAMETER = /<[a-z*]+>|^<-$/

/** Is this token a parameter rather than a word? */
export function isParameter(token: string): boolean {
  return PARAMETER.test(token)
}

/** Words of the proposed `text:` clue at most: enough to be specific, short enough to survive rewording. */
const MAX_CLUE_WORDS = 8
const EDGE_WORDS = new Set([
  'a',
  'an',
  'and',
  'at',
  'by',
  'for',
  'from',
  'in',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with'
])

/** Tidy a run of words into a clue: cut an unclosed bracket, cap the length, trim punctuation and little words at the ends. */
function tidy(words: string[]): string {
  let text = words.join(' ')
  for (const [opening, closing] of ['()', '[]', '{}']) {
    const open = text.lastIndexOf(opening ?? '')
    if (open !== -1 && text.indexOf(closing ?? '', open) === -1)
      text = text.slice(0, open)
  }
  let kept = text.split(' ').slice(0, MAX_CLUE_WORDS)
  const bare = (word: string): string =>
    word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N})]+$/gu, '')
  while (
    kept.length > 0 &&
    (bare(kept[0] ?? '') === '' || EDGE_WORDS.has(bare(kept[0] ?? '')))
  )
    kept = kept.slice(1)
  while (
    kept.length > 0 &&
    (bare(kept.at(-1) ?? '') === '' || EDGE_WORDS.has(bare(kept.at(-1) ?? '')))
  )
    kept = kept.slice(0, -1)
  if (kept.length === 0) return ''
  kept[0] = (kept[0] ?? '').replace(/^[^\p{L}\p{N}]+/u, '')
  kept[kept.length - 1] = (kept.at(-1) ?? '').replace(/[^\p{L}\p{N})]+$/u, '')
  return kept.join(' ')
}

/**
 * Every run of shared words in a template, tidied into `text:` clues, longest first.
 * @param tokens The template's tokens.
 * @returns The runs (at most eight words each), without empty ones or repeats.
 */
export function stableRuns(tokens: string[]): string[] {
  const runs: string[] = []
  let run: string[] = []
  const flush = (): void => {
    const text = tidy(run)
    if (text !== '' && !runs.includes(text)) runs.push(text)
    run = []
  }
  for (const token of [...tokens, WILDCARD]) {
    if (!isParameter(token)) {
      run.push(token)
      continue
    }
    // A word around a value (`glibc_<n>.<n>'`, `<path>.so`) keeps its fixed part on each side.
    const first = INNER_PARAMETER.exec(token)
    const prefix = first === null ? '' : token.slice(0, first.index)
    if (prefix !== '') run.push(prefix)
    flush()
    const suffix = token.slice(lastParameterEnd(token))
    if (suffix !== '') run.push(suffix)
  }
  // Stable sort: of two runs as long, the earlier one in the template comes first.
  return runs.sort((a, b) => b.length - a.length)
}

/** A parameter inside a token. */
const INNER_PARAMETER = /<[a-z*]+>/

/** Where the last parameter of a token ends (0 for the chain separator). */
function lastParameterEnd(token: string): number {
  let end = 0
  for (const match of token.matchAll(/<[a-z*]+>/g))
    end = match.index + match[0].length
  return end
}

/**
 * The longest run of shared words in a template, tidied into a `text:` clue.
 * @param tokens The template's tokens.
 * @returns At most eight words, or '' when every token varies.
 */
export function stableText(tokens: string[]): string {
  return stableRuns(tokens)[0] ?? ''
}

/**
 * What every log of a runtime prints around the message: a clue made of these claims every panic,
 * traceback or error chain ever pasted. Order does not matter; each is removed wherever it stands.
 */
const BOILERPLATE = [
  /thread\s+'?[^'\s]*'?\s+panicked(?:\s+at)?/g,
  /note:\s+run with\s+`?rust_backtrace[^`\s]*`?(?:\s+environment variable)?(?:\s+to display a backtrace)?/g,
  /stack backtrace:?/g,
  /traceback\s+\(most recent call last\):?/g,
  /during handling of the above exception,? another exception occurred:?/g,
  /the above exception was the direct cause of the following exception:?/g,
  /file\s+"[^"]*",\s+line\s+\S+(?:,\s+in)?/g,
  /exception in thread\s+"?[^"\s]*"?/g,
  /caused by:?/g,
  /could not compile/g,
  /process didn't exit successfully/g,
  /\b(?:java|javax|kotlin|scala)\.(?:lang|util)\.\w*(?:exception|error)\b/g,
  /\blocation:/g,
  // The same words in Chinese: error, failure, exception, warning.
  /错误|失败|异常|警告|報錯|错误信息/g
]
/** Words that say "something failed" in any runtime without saying what. */
const GENERIC_WORDS = new Set([
  'error',
  'errors',
  'warning',
  'warn',
  'fatal',
  'failed',
  'failure',
  'fail',
  'exception',
  'panic',
  'panicked',
  'thread',
  'main',
  'info',
  'debug',
  'trace',
  'unknown',
  'unexpected',
  'runtime',
  'runtimeerror',
  'the',
  'and',
  'for',
  'with',
  'from',
  'not',
  'was',
  'has',
  'had',
  'this',
  'that'
])
/** Meaningful words a clue needs beyond the boilerplate. */
const MIN_SPECIFIC_WORDS = 2

/**
 * Is this proposed clue a runtime's boilerplate (`thread 'main' panicked`, `Traceback (most recent
 * call last)`, `Caused by:`, `error:`) rather than the words of one problem?
 * @param text A proposed `text:` clue.
 * @returns True when fewer than two meaningful words remain once the boilerplate is taken out.
 * @example isBoilerplate('thread main panicked') // true
 * @example isBoilerplate('widget registry corrupted') // false
 */
export function isBoilerplate(text: string): boolean {
  let rest = text.toLowerCase()
  for (const pattern of BOILERPLATE) rest = rest.replace(pattern, ' ')
  // Scripts written without spaces count by character; other words need three letters.
  const words = new Set([
    ...(rest.match(
      /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu
    ) ?? []),
    ...(rest.match(/[\p{L}][\p{L}\p{N}_'-]*/gu) ?? []).filter(
      (word) =>
        !GENERIC_WORDS.has(word) &&
        word.length >= 3 &&
        !/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(
          word
        )
    )
  ])
  return words.size < MIN_SPECIFIC_WORDS
}

/**
 * A kebab-case article id from words.
 * @param text Words, e.g. the stable words of a template.
 * @param fallback The id when the text has no Latin letters or digits.
 * @returns At most six words of at most 24 letters each, e.g. `failed-to-open-zenoh-session`.
 */
export function slug(text: string, fallback: string): string {
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .slice(0, 6)
    .map((word) => word.slice(0, MAX_SLUG_WORD))
  return words.length === 0 ? fallback : words.join('-')
}

/** A word of an id at most: ids are file names, and a 300-letter word is not a name. */
const MAX_SLUG_WORD = 24
