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

export const errorChain = {
  id: 'error-chain',
  fact: 'chains',
  extract(log) {
    const chains: ChainFact[] = []
    const { lines } = log
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]
      if (line === undefined) continue
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
        const message = {
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
    { input: 'all good', output: [] }
  ]
} satisfies Extractor<'chains'>
