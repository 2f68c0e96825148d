/**
 * @module store/excerpt
 * What of an unanswered log may be written to disk: its error lines, each redacted and then masked,
 * and the masked primary error (the error chain, or the first error line) that `remedy gaps`
 * clusters on. Nothing else of the paste is kept.
 */
import { clip, decode, maskLine, normalize } from '../match/normalize.ts'
import { redact } from '../match/redact.ts'
import { errorChain } from '../match/signals/error-chain.ts'
import type { Diagnosis, LogLine } from '../match/types.ts'

/** Lines of a log that are kept at most. */
export const MAX_EXCERPT_LINES = 20
/** Characters of the stored excerpt at most. */
export const MAX_EXCERPT_CHARS = 4_000
/** Bytes of a paste read for the excerpt (head and tail): 20 lines are kept, a megabyte need not be redacted. */
const READ_LIMITS = { maxBytes: 262_144, maxLines: 2_000, maxLineLength: 1_000 }
/** Messages of an error chain that make the template at most. */
const MAX_CHAIN_MESSAGES = 4

// Long runs that mix upper case, lower case and digits are tokens of some kind (base64 secrets,
// session ids) even when `redact` does not know their format: belt and braces before masking.
const TOKEN_RUN = /[A-Za-z0-9+/_=-]{24,}/g

function scrubTokens(text: string): string {
  return text.replace(TOKEN_RUN, (run) =>
    /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? '[token]' : run
  )
}

/**
 * Redact, then mask, one line of a paste: the only form in which log text reaches the database.
 * @param text A line of a user's paste.
 * @returns The line with secrets replaced and everything that varies masked.
 * @example sanitizeLine('open /home/alice/x.yml: No such file') // 'open <path>: no such file'
 */
export function sanitizeLine(text: string): string {
  // `redact` leaves `/home/[user]/…`; without the brackets the whole path masks to one `<path>`.
  const redacted = redact(text)
    .replaceAll('/[user]', '/user')
    .replaceAll('\\[user]', '\\user')
  return maskLine(scrubTokens(redacted))
}

function pickLines(lines: LogLine[]): LogLine[] {
  // The messages of error chains belong with their errors even when their words do not say "error":
  // a panic's message sits on the line under `thread 'main' panicked at <path>:`.
  const chained = new Set(
    errorChain
      .extract({ lines, truncated: undefined })
      .flatMap((chain) => chain.messages.map((message) => message.line))
  )
  const errors = lines.filter(
    (line) =>
      line.level === 'error' || line.level === 'warn' || chained.has(line.n)
  )
  if (errors.length > 0) return errors.slice(0, MAX_EXCERPT_LINES)
  // No line looks like an error: the end of a paste is where a failing program stops.
  return lines.filter((line) => line.level !== 'debug').slice(-5)
}

/**
 * Reduce an unanswered log to what the store keeps.
 * @param log The paste.
 * @param diagnosis What the engine answered for it (its error chain is the best template).
 * @returns The masked template and excerpt, or undefined when the paste has no text.
 */
export function excerptLog(
  log: string | Uint8Array,
  diagnosis: Diagnosis
): { template: string; excerpt: string } | undefined {
  // Whole-text redaction first: a private key spans lines, and per-line redaction would miss its body.
  const text = redact(clip(decode(log), READ_LIMITS.maxBytes).text)
  const lines = pickLines(normalize(text, READ_LIMITS).lines)
  const excerpt = lines
    .map((line) => sanitizeLine(line.text))
    .filter((line) => line !== '')
    .join('\n')
    .slice(0, MAX_EXCERPT_CHARS)
  const chain = diagnosis.facts.chains[0]
  // Order matters: an error chain (eyre `Caused by`, traceback, panic) names the failure from the
  // outside in and is the steadiest signature; a lone error line comes next.
  const template =
    chain !== undefined && chain.messages.length > 0
      ? chain.messages
          .slice(0, MAX_CHAIN_MESSAGES)
          .map((message) => sanitizeLine(message.text))
          .join(' <- ')
      : (excerpt.split('\n').find((line) => line !== '') ?? '')
  if (template === '' && excerpt === '') return undefined
  return { template: template.slice(0, 1_000), excerpt }
}
