/**
 * @module runner/worker
 * A diagnosis worker thread of the pool: builds the engine of the KB it is given, then answers jobs
 * with `runJob` (the same function as in-process), so that a long diagnosis runs beside the
 * adapter's event loop, not on it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { diagnose } from '../match/diagnose.ts'
import type { Diagnosis, Match } from '../match/types.ts'
import { warmupLogs } from '../match/warmup.ts'
import { createEngine, runJob, type Engine } from './jobs.ts'
import type { JobReply, PoolMessage, WorkerInit, WorkerReply } from './pool.ts'

const init = workerData as WorkerInit
const port = parentPort
if (port === null)
  throw new Error('runner: worker.ts runs only as a worker thread')

let engine = createEngine(init.kb, init.kbBaseUrl)

/** Jobs in flight. */
let busy = 0
let warming:
  | { engine: Engine; logs: string[]; next: number; done: boolean }
  | undefined
/** The current warm-up run; a job ends it (the steps of an older run stop). */
let run = 0
let idle: ReturnType<typeof setTimeout> | undefined

/**
 * Diagnose the KB's example logs (`match/warmup.ts`) one at a time once the worker has been idle a
 * while, so that the compiler has settled (and the full-text index is built) before users need it.
 * A job stops it (the job waits at most for the one diagnosis under way), and it goes on after the
 * worker has been idle again; a new KB starts it over.
 */
function warmUpStep(current: number): void {
  if (current !== run) return
  if (warming?.engine !== engine)
    warming = {
      engine,
      logs: warmupLogs(engine.matcher),
      next: 0,
      done: false
    }
  const log = warming.logs[warming.next]
  if (log === undefined) {
    // Once per KB: the pool counts the workers that are warm.
    if (!warming.done) {
      warming.done = true
      const warm: WorkerReply = { type: 'warm' }
      port?.postMessage(warm)
    }
    return
  }
  warming.next++
  try {
    diagnose(engine.matcher, log)
  } catch {
    // An example the engine cannot read is the linter's to report.
  }
  setImmediate(warmUpStep, current)
}

/** A job came: stop warming up. */
function stopWarmUp(): void {
  run++
  clearTimeout(idle)
}

/**
 * Warm up once the worker has been idle for the pool's `warmupIdleMs` (5 s by default): under load
 * it never does, and a server started for a moment (a test, a one-off run) does not spend its CPU on
 * it.
 */
function warmUpWhenIdle(): void {
  stopWarmUp()
  const current = run
  idle = setTimeout(() => {
    warmUpStep(current)
  }, init.warmupIdleMs)
  // Waiting to warm up keeps no worker alive.
  idle.unref()
}

/**
 * A diagnosis without the parts only a renderer needs (steps, evidence, texts). The fields are
 * picked, not spread: an "Other matches" entry computes its steps when they are read.
 */
function slim(diagnosis: Diagnosis): Diagnosis {
  const bare = (match: Match): Match => ({
    id: match.id,
    collection: match.collection,
    locale: match.locale,
    title: match.title,
    summary: match.summary,
    path: match.path,
    confidence: match.confidence,
    score: match.score,
    evidence: [],
    steps: [],
    captures: {},
    cause: '',
    verify: '',
    ifNotHelped: ''
  })
  return {
    ...diagnosis,
    matches: diagnosis.matches.map(bare),
    others: diagnosis.others.map(bare),
    collect: undefined
  }
}

const handle = async (message: PoolMessage): Promise<void> => {
  if (message.type === 'kb') {
    engine = createEngine(message.kb, init.kbBaseUrl)
    if (busy === 0) warmUpWhenIdle()
    return
  }
  const { id, job } = message
  let reply: JobReply
  stopWarmUp()
  busy++
  try {
    const answer = await runJob(engine, job)
    reply = {
      id,
      ok: true,
      ...answer,
      // With a rendered body the caller only records the diagnosis: send what the store reads, not
      // the steps and evidence (copying them between threads cost more than the diagnosis itself).
      diagnosis:
        answer.body === undefined ? answer.diagnosis : slim(answer.diagnosis)
    }
  } catch (error) {
    reply = {
      id,
      ok: false,
      error:
        error instanceof Error ? (error.stack ?? error.message) : String(error)
    }
  } finally {
    busy--
    if (busy === 0) warmUpWhenIdle()
  }
  // The body's bytes are handed over without a copy.
  port.postMessage(
    reply,
    reply.ok && reply.body !== undefined ? [reply.body.buffer] : []
  )
}

port.on('message', (message: PoolMessage) => {
  void handle(message)
})
// The engine is built: the pool starts the time limits of the jobs sent here.
const ready: WorkerReply = { type: 'ready' }
port.postMessage(ready)
warmUpWhenIdle()
