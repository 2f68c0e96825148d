/**
 * Read error chains and mark the innermost cause: eyre/anyhow `Caused by:` lists (numbered or not),
 * Python tracebacks (the exception line at the end), Rust panics, Java `Caused by:` exceptions.
 */
import type { ChainFact, LogLine } from '../types.ts'
import type { Extractor } from './types.ts'

const CAUSED_BY = /^Caused by:\s*(.*)$/
const NUMBERED = /^(\d{1,2}): (.+)$/
const STOP =
  /^(?:Location:|Backtrace|Stack backtrace|note: run with|Run with RUST_BACKTRACE|warning:|error:|\[ERROR\]|Traceback)/
const PY_EXCEPTION =
  /^([A-Za-z_][\w.]{0,100}(?:Error|Exception|Interrupt|Exit|Failure|Warning)|[A-Za-z_][\w.]{0,100}\.(?:ZError|PanicException)):\s?(.*)$/
const PANIC = /^thread '[^']{0,100}' panicked at (?:'([^']{1,500})'|(.+))/
/** Since Rust 1.73 a panic names its location and prints the message on the lines below. */
const LOCATION_ONLY = /^[^\s'"]{1,300}:\d+:\d+:?$/
/** Java frames and their elisions, between an exception and its causes. */
const JAVA_FRAME =
  /^(?:at [\w$.<>/]+\(.*\)|\.\.\. \d+ (?:more|common frames omitted))$/
/** `Exception in thread "main" java.lang.IllegalStateException: message`, or the bare exception line. */
const JAVA_EXCEPTION =
  /^(?:Exception in thread "[^"]{0,100}" )?((?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::\s?(.*))?$/
const JAVA_CAUSED_BY =
  /^Caused by: ((?:[a-z_][\w$]*\.)+[A-Z][\w$]*(?:Exception|Error))(?::\s?(.*))?$/
/** Lines of a panic's message at most (a message may span lines; the first names the failure). */
const MAX_PANIC_LINES = 3

function eyre(lines: LogLine[], start: number): ChainFact | undefined {
  const head = lines[start]
  if (head === undefined) return undefined
  const messages: { text: string; line: number }[] = []
  // The context message is the nearest non-empty line above `Caused by:` that is not a bare level.
  for (let i = start - 1; i >= 0 && i >= start - 3; i--) {
    const above = lines[i]
    if (above !== undefined && !/^\[?(?:ERROR|Error)\]?:?$/.test(above.text)) {
      messages.push({
        text: above.text.replace(/^(?:Error|\[ERROR\]):?\s*/, ''),
        line: above.n
      })
      break
    }
  }
  const inline = CAUSED_BY.exec(head.text)?.[1]
  if (inline !== undefined && inline !== '')
    messages.push({ text: inline, line: head.n })
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    if (line === undefined || STOP.test(line.text)) break
    const numbered = NUMBERED.exec(line.text)
    messages.push({ text: numbered?.[2] ?? line.text, line: line.n })
    if (messages.length > 40) break
  }
  const innermost = messages.at(-1)
  return innermost === undefined
    ? undefined
    : { kind: 'eyre', messages, innermost }
}

/**
 * A Java exception with its `Caused by:` exceptions; the frames between them are skipped.
 * @returns The chain and the index of its last line, or undefined when `start` holds no exception
 * followed by a frame.
 */
function java(
  lines: LogLine[],
  start: number
): { chain: ChainFact; end: number } | undefined {
  const head = lines[start]
  const exception = head === undefined ? null : JAVA_EXCEPTION.exec(head.text)
  if (head === undefined || exception === null) return undefined
  if (!JAVA_FRAME.test(lines[start + 1]?.text ?? '')) return undefined
  const messages = [{ text: head.text, line: head.n }]
  let end = start
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    if (line === undefined) break
    if (JAVA_FRAME.test(line.text)) {
      end = i
      continue
    }
    if (!JAVA_CAUSED_BY.test(line.text)) break
    messages.push({
      text: line.text.replace(/^Caused by:\s*/, ''),
      line: line.n
    })
    end = i
  }
  const innermost = messages.at(-1) ?? messages[0]
  return innermost === undefined
    ? undefined
    : { chain: { kind: 'java', messages, innermost }, end }
}

/** The message of a Rust ≥ 1.73 panic: the lines under its location, up to a note or a blank. */
function panicMessage(
  lines: LogLine[],
  start: number
): { text: string; line: number } | undefined {
  const parts: { text: string; line: number }[] = []
  for (
    let i = start + 1;
    i < lines.length && parts.length < MAX_PANIC_LINES;
    i++
  ) {
    const line = lines[i]
    if (line === undefined || line.text.trim() === '' || STOP.test(line.text))
      break
    parts.push({ text: line.text, line: line.n })
  }
  const first = parts[0]
  return first === undefined
    ? undefined
    : { text: parts.map((part) => part.text).join(' '), line: first.line }
}

export const errorChain = {
  id: 'error-chain',
  fact: 'chains',
  extract(log) {
    const chains: ChainFact[] = []
    const { lines } = log
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      if (line === undefined) continue
      const javaChain = java(lines, i)
      if (javaChain) {
        chains.push(javaChain.chain)
        i = javaChain.end
        continue
      }
      if (CAUSED_BY.test(line.text)) {
        const chain = eyre(lines, i)
        if (chain) chains.push(chain)
        continue
      }
      if (line.text.startsWith('Traceback (most recent call last)')) {
        for (let j = i + 1; j < lines.length && j < i + 400; j++) {
          const candidate = lines[j]
          const exception =
            candidate === undefined ? null : PY_EXCEPTION.exec(candidate.text)
          if (candidate !== undefined && exception) {
            const message = { text: candidate.text, line: candidate.n }
            chains.push({
              kind: 'python',
              messages: [message],
              innermost: message
            })
            break
          }
        }
        continue
      }
      const panic = PANIC.exec(line.text)
      if (panic) {
        const location = panic[2]?.trim()
        const below =
          location !== undefined && LOCATION_ONLY.test(location)
            ? panicMessage(lines, i)
            : undefined
        const message = below ?? {
          text: panic[1] ?? panic[2] ?? line.text,
          line: line.n
        }
        chains.push({ kind: 'panic', messages: [message], innermost: message })
      }
    }
    return chains
  },
  describe: (fact) => `${fact.kind}: ${fact.innermost.text}`,
  examples: [
    {
      input:
        '[ERROR]\nfailed to run dora-daemon\n\nCaused by:\n   0: failed to open zenoh session\n   1: Cannot assign requested address (os error 99)\n\nLocation:\n    lib.rs:266:2',
      output: ['eyre: Cannot assign requested address (os error 99)']
    },
    {
      input:
        'Traceback (most recent call last):\n  File "x.py", line 3, in <module>\n    s.bind(a)\nOSError: [Errno 98] Address already in use',
      output: ['python: OSError: [Errno 98] Address already in use']
    },
    {
      input:
        "thread 'main' panicked at 'Failed to start server: Os { code: 10013 }', src/lib.rs:216:5",
      output: ['panic: Failed to start server: Os { code: 10013 }']
    },
    {
      input:
        "thread 'main' panicked at src/registry.rs:88:14:\nwidget registry corrupted: slot 3 holds token 9f\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace",
      output: ['panic: widget registry corrupted: slot 3 holds token 9f']
    },
    {
      input:
        'Exception in thread "main" java.lang.IllegalStateException: pool closed\n\tat com.acme.Pool.take(Pool.java:42)\n\tat com.acme.Main.main(Main.java:7)\nCaused by: java.net.BindException: Address already in use\n\tat sun.nio.ch.Net.bind0(Native Method)\n\t... 3 more',
      output: ['java: java.net.BindException: Address already in use']
    },
    {
      input:
        'Error: failed to load config\n\nCaused by:\n    invalid type: string "x", expected u16 at line 3',
      output: ['eyre: invalid type: string "x", expected u16 at line 3']
    },
    {
      input: 'java.lang.IllegalStateException: pool closed',
      output: []
    },
    { input: 'all good', output: [] }
  ]
} satisfies Extractor<'chains'>
