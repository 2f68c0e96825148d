/**
 * @module match/types
 * What the matcher reads out of a log and what it answers: plain data, no I/O, no Discord.
 */
import type { ObjectKind } from '../kb/clues/object.ts'
import type { Operation } from '../kb/clues/operation.ts'
import type { AddressClass, Platform } from '../kb/types.ts'

/** One line of a normalised log. */
export interface LogLine {
  /** 1-based line number in the normalised text. */
  n: number
  /** The cleaned line: no ANSI, no prompt, no timestamp/tracing prefix, no quote marks. */
  text: string
  /** The line before prompts and prefixes were removed (they carry platform hints: `/mnt/c/`, venvs). */
  raw: string
  /** The cleaned line with what varies masked (`<path>`, `<ip>`, `<n>` …), lower-cased. */
  masked: string
  /** Level read from a prefix (`ERROR`, `WARN` …) or guessed from the words of the line. */
  level: 'error' | 'warn' | 'info' | 'debug' | 'other'
}

/** A normalised log: what every extractor and clue sees. */
export interface Log {
  lines: LogLine[]
  /** Bytes read and what was left out, when the paste was over the limits. */
  truncated: { omittedLines: number; omittedBytes: number } | undefined
}

/** An OS error read from the log, mapped to its canonical errno name. */
export interface OsErrorFact {
  errno: string
  /** The number as printed (99, 49, 10049 …), when there was one. */
  code: number | undefined
  /** The OS family the number or wording points at, when it tells. */
  os: 'linux' | 'macos' | 'windows' | undefined
  /** How it was worded: `rust`, `rust-debug`, `python`, `node`, `text` … */
  form: string
  line: number
  /** The failed call this error was returned by, when the log shows it (same line, or its context). */
  operation?: OperationFact
  /** How sure the number is, when the log was read from an image. */
  certainty?: Certainty
}

/** A call that failed and what it was called on, as far as the log tells. */
export interface OperationFact {
  /** The call (`bind`, `connect`, `mkdir` …), when the line names one. */
  operation: Operation | undefined
  /** What it was called on (`port`, `unix-socket`, `directory` …), when the line tells. */
  object: ObjectKind | undefined
  /** The object as printed (`0.0.0.0:80`, `/var/run/docker.sock`), when there is one. */
  target: string | undefined
  line: number
}

/** A socket address read from the log. */
export interface AddressFact {
  address: string
  port: number | undefined
  family: 4 | 6
  classes: AddressClass[]
  line: number
  /** How sure the address is, when the log was read from an image. */
  certainty?: Certainty
}

/** A platform hint. */
export interface PlatformFact {
  platform: Platform
  /** What gave it away, e.g. `path /mnt/c/`. */
  hint: string
  line: number
}

/** A product (dora, zenoh …) and its version, when the log shows one. */
export interface ProductFact {
  name: string
  version: string | undefined
  hint: string
  line: number
  /** How sure the version is, when the log was read from an image. */
  certainty?: Certainty
}

/**
 * How sure a value is when the log was read from an image (OCR): a value whose characters OCR may
 * have confused (`0.3.10` read as `0.3.16`) never silently decides which steps apply.
 */
export interface Certainty {
  fromImage: true
  /** Whether it was read clearly: every word holding it read with high confidence, none repaired. */
  certain: boolean
  /** The lowest OCR confidence (0–100) of the words holding it; 0 when none holds it whole. */
  confidence: number
}

/** A word read from an image, with the OCR's confidence in it (0–100). */
export interface ReadWord {
  text: string
  confidence: number
}

/** What the OCR read, handed to the matcher with the text (plain data: the matcher runs no OCR). */
export interface ImageInput {
  /** The OCR's mean confidence (0–100). */
  confidence: number
  /** The words read, with their confidence. */
  words: ReadWord[]
}

/** A value read from an image that the answer asks the user to check. */
export interface UnsureValue {
  kind: 'version' | 'address' | 'errno'
  /** The value as read (`0.3.10`, `224.0.0.224:7446`, `98`). */
  value: string
  /** The product of a version (`dora`). */
  product?: string
  line: number
  /** The sentence the answer shows: `check that your dora version is 0.3.10`. */
  check: string
}

/** What an image's text was, for an answer read from a screenshot. */
export interface ImageReading {
  /** The recognised text, redacted, as the matcher read it (after the OCR repairs). */
  text: string
  /** The OCR's mean confidence (0–100). */
  confidence: number
  /** Values the matcher could not read for certain. */
  unsure: UnsureValue[]
}

/** The error chain: eyre `Caused by:`, Python traceback, Rust panic. */
export interface ChainFact {
  kind: 'eyre' | 'python' | 'panic' | 'java'
  /** The messages of the chain, outermost first. */
  messages: { text: string; line: number }[]
  /** The innermost cause (the last message). */
  innermost: { text: string; line: number }
}

/** Everything the extractors read out of a log. */
export interface Facts {
  errors: OsErrorFact[]
  addresses: AddressFact[]
  platforms: PlatformFact[]
  products: ProductFact[]
  chains: ChainFact[]
  operations: OperationFact[]
}

/** Why an article matched: one clue, and the log line it matched on. */
export interface Evidence {
  /** Line number in the normalised log, or 0 when the clue is not tied to a line. */
  line: number
  /** The log line, redacted (never the raw paste). */
  text: string
  /** The clue, in words: `errno EADDRNOTAVAIL`, `text "failed to open zenoh session"` … */
  clue: string
}

/** A fix step made concrete for one log. */
export interface StepResult {
  n: number
  /** Markdown of the step with its code blocks in place, captures filled in. */
  markdown: string
  /** Plain text of the step with captures filled in. */
  text: string
  /** Code blocks with their language. */
  blocks: { lang: string; value: string }[]
  /** `no` when the log shows a platform or version the step is not for. */
  applies: 'yes' | 'no' | 'unknown'
  /** Why it does or does not apply, e.g. `needs dora >=1.0.0-rc.3; the log shows 0.3.10`. */
  appliesNote: string | undefined
  /** What the step's `applies` comment says, for a badge: `dora >=0.3.10`, `WSL`. */
  scope: string | undefined
}

/** One ranked article for a log. */
export interface Match {
  id: string
  collection: string
  locale: string
  title: string
  summary: string
  path: string
  confidence: number
  /** The raw evidence score the confidence was computed from. */
  score: number
  evidence: Evidence[]
  steps: StepResult[]
  captures: Record<string, string>
  cause: string
  verify: string
  ifNotHelped: string
}

export type Verdict = 'match' | 'candidates' | 'none'

/** What to collect when a paste is too thin or cut off. */
export interface CollectHint {
  reason: 'thin' | 'truncated' | 'none'
  collection: string
  title: string
  steps: StepResult[]
}

/** The engine's answer for one log. */
export interface Diagnosis {
  verdict: Verdict
  /** For `match`: the confident article(s) (two when the log shows two distinct problems);
   * for `candidates`: a short ranked list; for `none`: empty. */
  matches: Match[]
  /** Other articles that scored, best first (for "Other matches"). */
  others: Match[]
  facts: Facts
  locale: string
  collect: CollectHint | undefined
  truncated: Log['truncated']
  kbVersion: string
  /** Present when the log was read from an image: what was read and what is unsure. */
  image?: ImageReading
}
