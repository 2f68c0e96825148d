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
 * The longest run of shared words in a template, tidied into a `text:` clue.
 * @param tokens The template's tokens.
 * @returns At most eight words, or '' when every token varies.
 */
export function stableText(tokens: string[]): string {
  let best = ''
  let run: string[] = []
  for (const token of [...tokens, WILDCARD]) {
    if (!isParameter(token)) {
      run.push(token)
      continue
    }
    const text = tidy(run)
    if (text.length > best.length) best = text
    run = []
  }
  return best
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
