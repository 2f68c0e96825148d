/**
 * @module runner/worker
 * A diagnosis worker thread: compiles the KB it is given, then answers jobs with the JSON text of
 * the answer, so that a long diagnosis runs beside the server's event loop, not on it.
 */
import { parentPort, workerData } from 'node:worker_threads'
import type { Kb } from '../kb/types.ts'
import { diagnose } from '../match/diagnose.ts'
import type { Diagnosis, Match } from '../match/types.ts'
import { createMatcher } from '../match/matcher.ts'
import { toJson } from '../render/json.ts'
import { createPlaygroundView } from '../render/playground.ts'
import type { PoolMessage, WorkerInit, WorkerReply } from './pool.ts'

const init = workerData as WorkerInit
const port = parentPort
if (port === null)
  throw new Error('runner: worker.ts runs only as a worker thread')

let state = compile(init.kb)
const encoder = new TextEncoder()

function compile(kb: Kb) {
  return {
    matcher: createMatcher(kb),
    playground: createPlaygroundView(kb, init.kbBaseUrl)
  }
}

/** A diagnosis without the parts only a renderer needs (steps, evidence, texts). */
function slim(diagnosis: Diagnosis): Diagnosis {
  const bare = (match: Match): Match => ({
    ...match,
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

port.on('message', (message: PoolMessage) => {
  if (message.type === 'kb') {
    state = compile(message.kb)
    return
  }
  const { id, job } = message
  let reply: WorkerReply
  try {
    const started = performance.now()
    const locale = job.locale === undefined ? {} : { locale: job.locale }
    const diagnosis = diagnose(state.matcher, job.log, {
      limits: { maxBytes: job.maxBytes },
      ...locale
    })
    const latencyMs = performance.now() - started
    const body =
      job.kind === 'json'
        ? toJson(diagnosis)
        : job.kind === 'playground'
          ? state.playground(diagnosis, job, job.maxBytes)
          : undefined
    reply = {
      id,
      ok: true,
      // UTF-8 bytes, handed over without a copy: the server writes them as they are.
      body:
        body === undefined ? undefined : encoder.encode(JSON.stringify(body)),
      // With a rendered body the caller only records the diagnosis: send what the store reads, not
      // the steps and evidence (copying them between threads cost more than the diagnosis itself).
      diagnosis: body === undefined ? diagnosis : slim(diagnosis),
      latencyMs
    }
  } catch (error) {
    reply = {
      id,
      ok: false,
      error:
        error instanceof Error ? (error.stack ?? error.message) : String(error)
    }
  }
  port.postMessage(
    reply,
    reply.ok && reply.body !== undefined ? [reply.body.buffer] : []
  )
})
