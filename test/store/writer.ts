/**
 * Spawn the writer fixture and collect the ids it acknowledges.
 */
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { resolve } from 'node:path'

const WRITER = resolve(import.meta.dirname, 'fixtures/writer.ts')
const ROOT = resolve(import.meta.dirname, '../..')

export interface Writer {
  child: ChildProcess
  /** Ids printed so far (each printed after its commit). */
  acked: string[]
  /** Resolves when the writer printed `ready` (the store is open and migrated). */
  ready: Promise<void>
  /** Resolves when `acked` has at least `n` ids. */
  waitFor: (n: number) => Promise<void>
  /** Resolves with the exit code and signal. */
  exit: Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    stderr: string
  }>
}

/**
 * Start a writer process.
 * @param path The database file.
 * @param count How many records to write.
 * @param tag Prefix of the ids.
 * @param wait Whether to wait for a line on stdin before writing (after `ready`).
 * @returns The running writer.
 */
export function startWriter(
  path: string,
  count: number,
  tag: string,
  wait = false
): Writer {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      WRITER,
      path,
      String(count),
      tag,
      ...(wait ? ['wait'] : [])
    ],
    { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] }
  )
  const acked: string[] = []
  let stderr = ''
  let buffer = ''
  const waiters: { n: number; resolve: () => void }[] = []
  let readyResolve: () => void = () => undefined
  const ready = new Promise<void>((done) => {
    readyResolve = done
  })
  child.stdout.setEncoding('utf8')
  child.stdout.on('data', (chunk: string) => {
    buffer += chunk
    const lines = buffer.split('\n')
    buffer = lines.pop() ?? ''
    for (const line of lines) {
      if (line === 'ready') readyResolve()
      else if (line !== '') acked.push(line)
    }
    for (const waiter of waiters.filter((item) => acked.length >= item.n)) {
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  })
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk
  })
  const exit = new Promise<{
    code: number | null
    signal: NodeJS.Signals | null
    stderr: string
  }>((done) => {
    child.on('exit', (code, signal) => {
      readyResolve()
      for (const waiter of waiters.splice(0)) waiter.resolve()
      done({ code, signal, stderr })
    })
  })
  return {
    child,
    acked,
    ready,
    exit,
    waitFor: (n) =>
      acked.length >= n
        ? Promise.resolve()
        : new Promise<void>((done) => {
            waiters.push({ n, resolve: done })
          })
  }
}
