/**
 * @module match/normalize
 * Turn what people paste (ANSI colours, CRLF, Discord code fences and quotes, shell prompts,
 * timestamps and tracing prefixes, zero-width characters, invalid UTF-8, tabs, giant lines) into
 * clean lines, and mask what varies between two logs of the same problem.
 */
import type { Log, LogLine } from './types.ts'

/** Limits on what is read; the defaults keep a diagnosis within a few milliseconds per log. */
export interface ReadLimits {
  /** Bytes of the paste that are read; beyond it the head and the tail are kept. */
  maxBytes: number
  /** Lines considered for matching; beyond it the head and the tail are kept. */
  maxLines: number
  /** Characters of one line that are kept. */
  maxLineLength: number
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxBytes: 1_048_576,
  maxLines: 4_000,
  maxLineLength: 2_000
}

// ANSI: CSI sequences, OSC sequences (ended by BEL or ST), and lone two-character escapes.
// Written without nested quantifiers so that hostile input stays linear.

const ANSI =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g
// Zero-width and bidirectional-control characters, BOM, soft hyphen.
const INVISIBLE =
  /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g

const FENCE_OPEN = /^\s*(?:>\s?)*```[\w+-]{0,20}/
const FENCE_ONLY = /^\s*(?:>\s?)*```[\w+-]{0,20}\s*$/
const FENCE_CLOSE = /```\s*$/
const FENCE_INLINE = /^\s*(?:>\s?)*```(.*?)```\s*$/

const LEVEL_WORD =
  /\b(ERROR|ERRO|ERR|FATAL|CRITICAL|CRIT|PANIC|WARN|WARNING|INFO|DEBUG|TRACE)\b/

/**
 * Strip the prefixes that vary from one line to the next: timestamps, tracing levels and targets,
 * thread ids, dora 1.0's forwarded-output prefix. Order matters: the outermost prefix first.
 */
const PREFIXES: RegExp[] = [
  // Discord/markdown quote marks.
  /^(?:>\s?)+/,
  // [06.09.2024 22:45:48.704] (env_logger's `[time LEVEL target]` is handled by ENV_LOGGER)
  /^\[\d{1,4}[-./]\d{1,2}[-./]\d{1,4}[T ]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?Z?(?:[+-]\d{2}:?\d{2})?\]\s*/,
  // 2024-06-09T19:28:21.162169Z, 2023/06/19 12:01:21.885054, 2024-08-22 08:53:50,865
  /^\d{4}[-/]\d{2}[-/]\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?Z?(?:[+-]\d{2}:?\d{2})?\s*/,
  // 13:36:48.060508 (tcpdump) or [12:01:02]
  /^\[?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\]?\s+/,
  // Unix epoch seconds with fraction: 1741951053.064971
  /^\d{10}\.\d{3,9}\s+/
]

// The level and thread id go; the target (`dora_daemon::pending:`) stays: it names the product.
const TRACING = /^(ERROR|WARN|INFO|DEBUG|TRACE)\s+(?:ThreadId\(\d+\)\s+)?/
const DORA_FORWARD =
  /^(?:INFO|WARN|ERROR)?\s*dataflow `[^`]{1,80}` on daemon `[^`]{1,80}`\s+/
// env_logger: [2025-09-04T10:05:09Z DEBUG zenoh::net::runtime] message
const ENV_LOGGER =
  /^\[\d{4}-\d{2}-\d{2}T[\d:.]{5,20}Z?\s+(ERROR|WARN|INFO|DEBUG|TRACE)\s+([^\]]{0,200})\]\s*/
const BRACKET_LEVEL =
  /^\[\s?(ERROR|WARN|INFO|DEBUG|TRACE|Warn|Fatal|Error|Info)\s?\]\s*/
const PROMPT =
  /^(?:\([\w.-]{1,40}\)\s+)?(?:[\w.-]{1,40}@[\w.-]{0,60}:[^\s$#]{0,200}[$#]|PS [A-Za-z]:\\[^>]{0,200}>|[A-Za-z]:\\[^>]{0,200}>|\$|❯+|>>>)\s+/

/**
 * The name of the program or container that printed a line, before it: `[detector] ` (a node's
 * output), `web-1  | ` (docker compose), `[pod/api-7d/app] ` (kubectl logs --prefix).
 */
const SOURCE =
  /^\s*(?:\[([\w.:/@-]{1,60})\]|([A-Za-z][\w.-]{0,59})\s{0,12}\|)[ \t]/

/**
 * The line sources ({@link SOURCE}) that start two lines or more: those are cut off, so that the
 * lines under them read as they were printed (`Caused by:` opens a chain again). Log levels in
 * brackets are left to the level reader.
 */
function repeatedSources(lines: readonly { text: string }[]): Set<string> {
  const seen = new Map<string, number>()
  for (const line of lines) {
    const name = sourceOf(line.text)
    if (name === undefined || LEVEL_ONLY.test(name)) continue
    seen.set(name, (seen.get(name) ?? 0) + 1)
  }
  const repeated = new Set<string>()
  for (const [name, count] of seen) if (count >= 2) repeated.add(name)
  return repeated
}

/** The name of the program that printed a cleaned line ({@link SOURCE}), if it starts with one. */
function sourceOf(line: string): string | undefined {
  // A source ends with `]` or `|`: most lines have neither.
  if (!line.includes(']') && !line.includes('|')) return undefined
  const source = SOURCE.exec(line)
  return source === null ? undefined : (source[1] ?? source[2])
}

const NO_SOURCES: ReadonlySet<string> = new Set()

const LEVEL_ONLY =
  /^(?:ERROR|ERRO|ERR|FATAL|CRITICAL|CRIT|PANIC|WARN|WARNING|INFO|DEBUG|TRACE|NOTICE)$/i

/**
 * Decode a paste: bytes as UTF-8 with replacement characters, never throwing.
 * @param input Text or bytes.
 * @returns The text.
 */
export function decode(input: string | Uint8Array): string {
  if (typeof input === 'string') return input
  return new TextDecoder('utf-8', { fatal: false }).decode(input)
}

/**
 * Keep the head and the tail of a text that is over the byte limit: in a long log the fatal error is
 * usually near the end, the command and versions near the start.
 * @param text The decoded paste.
 * @param maxBytes Bytes to keep (approximately: measured in UTF-16 code units × 1).
 * @returns The kept text and how much was left out.
 */
export function clip(
  text: string,
  maxBytes: number
): { text: string; omittedBytes: number } {
  if (text.length <= maxBytes) return { text, omittedBytes: 0 }
  const head = Math.floor(maxBytes / 4)
  const tail = maxBytes - head
  return {
    text: `${text.slice(0, head)}\n${text.slice(text.length - tail)}`,
    omittedBytes: text.length - maxBytes
  }
}

/**
 * Clean one line: remove prompts, quote marks, timestamps, tracing prefixes.
 * @param raw One line without ANSI or control characters.
 * @param sources The line sources of the paste to cut off ({@link repeatedSources}).
 * @returns The cleaned line and the level its prefix declared, if any.
 */
export function cleanLine(
  raw: string,
  sources: ReadonlySet<string> = NO_SOURCES
): {
  text: string
  level: string | undefined
} {
  let text = raw.trim()
  let level: string | undefined
  for (let pass = 0; pass < 3; pass++) {
    const before = text
    const env = ENV_LOGGER.exec(text)
    if (env?.[1] !== undefined) {
      level ??= env[1]
      const target = (env[2] ?? '').trim()
      text = `${target === '' ? '' : `${target}: `}${text.slice(env[0].length)}`
    }
    for (const prefix of PREFIXES) text = text.replace(prefix, '')
    if (sources.size > 0) {
      const source = SOURCE.exec(text)
      if (source !== null && sources.has(source[1] ?? source[2] ?? ''))
        text = text.slice(source[0].length).trim()
    }
    const bracket = BRACKET_LEVEL.exec(text)
    if (bracket?.[1] !== undefined) {
      level ??= bracket[1].toUpperCase()
      text = text.slice(bracket[0].length)
    }
    const forward = DORA_FORWARD.exec(text)
    if (forward) text = text.slice(forward[0].length)
    const tracing = TRACING.exec(text)
    if (tracing?.[1] !== undefined && tracing[0].length < text.length) {
      level ??= tracing[1]
      text = text.slice(tracing[0].length)
    }
    text = text.replace(PROMPT, '').trim()
    if (text === before) break
  }
  return { text, level }
}

/**
 * Mask what varies between two logs of the same problem, so that lines can be compared and grouped.
 * @param line A cleaned line.
 * @returns The line lower-cased with `<path>`, `<uuid>`, `<hex>`, `<ip>`, `<ver>`, `<n>` placeholders.
 * @example maskLine('bind 10.0.0.3:7447 failed') // 'bind <ip>:<n> failed'
 */
export function maskLine(line: string): string {
  return line
    .replace(
      /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi,
      '<uuid>'
    )
    .replace(/(?:[A-Za-z]:\\|\\\\)[^\s:*?"<>|]{1,300}/g, '<path>')
    .replace(
      /(?:~|\.{1,2})?\/[\w.@{}+-]{1,100}(?:\/[\w.@{}+-]{0,100}){1,40}/g,
      '<path>'
    )
    .replace(/\b0x[0-9a-f]{2,16}\b/gi, '<addr>')
    .replace(/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,64}\b/gi, '<hex>')
    .replace(/\[[0-9a-f:]{2,39}(?:%\w{1,16})?\]/gi, '<ip>')
    .replace(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g, '<ip>')
    .replace(/\bv?\d+\.\d+(?:\.\d+)?(?:-[\w.]{1,20})?\b/g, '<ver>')
    .replace(/\d+/g, '<n>')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .trim()
}

const ERROR_WORDS =
  /\b(?:error|errno|failed|failure|fatal|panic(?:ked)?|exception|unable|cannot|can't|could not|couldn't|denied|refused|not found|invalid|timed? ?out|abort(?:ed)?|traceback|caused by)\b|错误|失败|无法|拒绝|只允许|无效/i

function levelOf(text: string, declared: string | undefined): LogLine['level'] {
  const word = declared ?? LEVEL_WORD.exec(text.slice(0, 40))?.[1]
  if (word !== undefined) {
    if (/^(?:ERROR|ERRO|ERR|FATAL|CRITICAL|CRIT|PANIC)$/i.test(word))
      return 'error'
    if (/^WARN/i.test(word)) return ERROR_WORDS.test(text) ? 'warn' : 'warn'
    if (/^INFO$/i.test(word)) return ERROR_WORDS.test(text) ? 'warn' : 'info'
    if (/^(?:DEBUG|TRACE)$/i.test(word)) return 'debug'
  }
  return ERROR_WORDS.test(text) ? 'error' : 'other'
}

/**
 * Normalise a paste into clean, masked lines.
 * @param input The paste, as text or bytes.
 * @param limits What to read at most.
 * @returns The log every extractor and clue works on.
 */
export function normalize(
  input: string | Uint8Array,
  limits: ReadLimits = DEFAULT_LIMITS
): Log {
  const clipped = clip(decode(input), limits.maxBytes)
  const text = clipped.text
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(INVISIBLE, '')
    .replace(/\t/g, '    ')
    .replace(CONTROL, '')
  let rawLines = text.split('\n')
  let omittedLines = 0
  if (rawLines.length > limits.maxLines) {
    const head = Math.floor(limits.maxLines / 4)
    omittedLines = rawLines.length - limits.maxLines
    rawLines = [
      ...rawLines.slice(0, head),
      ...rawLines.slice(rawLines.length - (limits.maxLines - head))
    ]
  }
  const read: { stripped: string; text: string; level: string | undefined }[] =
    []
  for (const raw of rawLines) {
    const line =
      raw.length > limits.maxLineLength
        ? raw.slice(0, limits.maxLineLength)
        : raw
    // Discord code fences: a line that is only a fence (with its language) is dropped; a fence that
    // opens or closes on a line with text keeps the text.
    const inline = FENCE_INLINE.exec(line)
    const fence = inline ? null : FENCE_OPEN.exec(line)
    if (fence && FENCE_ONLY.test(line)) continue
    const stripped = inline
      ? (inline[1] ?? '')
      : (fence ? line.slice(fence[0].length) : line).replace(FENCE_CLOSE, '')
    const { text, level } = cleanLine(stripped)
    if (text !== '') read.push({ stripped, text, level })
  }
  // A program's name before two lines or more goes too; those lines are cleaned again without it.
  const sources = repeatedSources(read)
  const lines: LogLine[] = []
  for (const line of read) {
    const { text: cleaned, level } =
      sources.size > 0 && sourceOf(line.text) !== undefined
        ? cleanLine(line.stripped, sources)
        : line
    if (cleaned === '') continue
    lines.push({
      n: lines.length + 1,
      text: cleaned,
      raw: line.stripped.trim(),
      masked: maskLine(cleaned),
      level: levelOf(cleaned, level)
    })
  }
  return {
    lines,
    truncated:
      clipped.omittedBytes > 0 || omittedLines > 0
        ? { omittedBytes: clipped.omittedBytes, omittedLines }
        : undefined
  }
}
