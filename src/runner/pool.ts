/**
 * @module runner/pool
 * A small pool of worker threads that run diagnosis jobs (`./jobs.ts`), so that a long or failing
 * diagnosis never blocks the other requests (health checks, the KB browser, Discord's 3-second
 * window, the gateway's heartbeat), and so that every core serves. The runner (`./index.ts`)
 * decides which jobs come here. Workers start when the load asks for them (none at idle; another
 * when a job arrives and every running worker is busy, up to the size), so an idle bot holds no
 * worker's memory; a pool that serves every request (`eager`, the HTTP server) starts them all
 * together on its first job instead. A job's time limit counts from when its worker is ready. Each worker compiles the KB once; a reloaded KB is sent to them.
 * A job over its time limit is stopped by replacing its worker; a full queue answers 503.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import {
  DIAGNOSIS_BUSY,
  DIAGNOSIS_TIMEOUT,
  DIAGNOSIS_WORKER_EXITED,
  INTERNAL_ERROR
} from '../errors.ts'
import type { Kb } from '../kb/types.ts'
import type { DiagnosisJob, JobAnswer } from './jobs.ts'

/** What a worker starts with. */
export interface WorkerInit {
  kb: Kb
  kbBaseUrl: string | undefined
  /** How long the worker is idle before it warms up on the KB's examples. */
  warmupIdleMs: number
}

/** Messages to a worker. */
export type PoolMessage =
  | { type: 'job'; id: number; job: DiagnosisJob }
  | { type: 'kb'; kb: Kb }

/** A worker's answer to a job, or the error. */
export type JobReply =
  | ({ id: number; ok: true } & JobAnswer)
  | { id: number; ok: false; error: string }

/**
 * What a worker sends: an answer; that it has compiled its KB and takes jobs; that it has
 * diagnosed all of its KB's examples once idle (`warm`).
 */
export type WorkerReply = JobReply | { type: 'ready' } | { type: 'warm' }

/** A job that could not be answered, with the HTTP status to answer instead. */
export class PoolError extends Error {
  status: 500 | 503
  constructor(message: string, status: 500 | 503) {
    super(message)
    this.name = 'PoolError'
    this.status = status
  }
}

/** The pool. */
export interface DiagnosisPool {
  /**
   * Run a job on the KB serving now.
   * @returns The JSON text of the result and the diagnosis.
   * @throws PoolError with 503 when busy or over time, 500 when the diagnosis failed.
   */
  run: (job: DiagnosisJob, kb: Kb) => Promise<JobAnswer>
  /** Refuse new jobs, and stop the workers once the running jobs are done. */
  close: () => Promise<void>
  /** The most workers the pool starts. */
  readonly size: number
  /** The workers running now (none until the first job). */
  readonly running: number
  /** The workers that have warmed up on the KB's examples (`runner/worker.ts`). */
  readonly warm: number
}

/** How the pool runs. */
export interface PoolOptions {
  /** Worker threads (default: the cores available). */
  size?: number
  /** Longest a diagnosis may run (default 10 s). */
  timeoutMs?: number
  /** Jobs waiting for a worker before new ones get 503 (default 1,000). */
  maxQueue?: number
  kbBaseUrl?: string | undefined
  logger?: Logger | undefined
  /**
   * Start every worker on the first job instead of one more each time all are busy. A worker
   * started under load loads its code and compiles the KB (1-2 s) on the cores that serve, and the
   * jobs sent to it wait for that; `bench/http-load.ts`'s slowest requests were its first few
   * hundred, so that start was its p99 (about 1,060 ms lazy, 750 ms eager, and its max 4 s against
   * 1.2 s, on a loaded machine). An idle server still holds no worker.
   */
  eager?: boolean | undefined
  /** How long a worker may take to get ready (default 60 s, or six time limits if more). */
  bootMs?: number | undefined
  /**
   * How long a worker is idle before it warms up on the KB's examples (default 5 s): long enough
   * that a server started for a moment, or under load, does not spend its CPU on it.
   */
  warmupIdleMs?: number | undefined
}

interface Pending {
  job: DiagnosisJob
  resolve: (answer: JobAnswer) => void
  reject: (error: PoolError) => void
}

/**
 * Jobs a worker holds at once: a second one waits inside the worker, so it starts the moment the
 * first is done instead of after a round trip through the main thread's event loop.
 */
const DEPTH = 2

/** A job sent to a worker; its time limit runs once the worker is ready. */
type InFlight = Pending & { id: number; timer: NodeJS.Timeout | undefined }

interface Slot {
  worker: Worker
  inFlight: InFlight[]
  /** Set when the pool stopped this worker itself (time limit, close). */
  stopping: boolean
  /** Set when the worker has loaded its code and compiled the KB (its `ready` message). */
  ready: boolean
  /** Set when it has warmed up on the KB's examples (its `warm` message). */
  warm: boolean
  /** Stops a worker that never gets ready. */
  boot: NodeJS.Timeout | undefined
}

/**
 * How long a worker may take by default to load its code and compile the KB: a job's time limit
 * counts from the worker's `ready`, so that a worker started on a busy machine does not fail the
 * jobs waiting for it; one that never gets ready is replaced.
 */
const BOOT_MS = 60_000
const WARMUP_IDLE_MS = 5000

// `./worker.js` is the compiled worker module in dist/; beside the TypeScript sources (tsx, vitest)
// it is the small launcher that registers tsx in the new thread and loads worker.ts.
const WORKER = new URL('./worker.js', import.meta.url)

/**
 * Start the workers.
 * @param kb The KB to compile in each worker.
 * @param options Size, time limit, queue length.
 * @returns The pool.
 */
export function createDiagnosisPool(
  kb: Kb,
  options: PoolOptions = {}
): DiagnosisPool {
  const size = Math.max(1, options.size ?? availableParallelism())
  const timeoutMs = options.timeoutMs ?? 10_000
  const bootMs = options.bootMs ?? Math.max(BOOT_MS, 6 * timeoutMs)
  const maxQueue = options.maxQueue ?? 1000
  const log = options.logger
  let current = kb
  let nextId = 1
  let closing = false
  const queue: Pending[] = []
  const slots: Slot[] = []
  let drained: (() => void) | undefined

  const spawn = (): Slot => {
    const init: WorkerInit = {
      kb: current,
      kbBaseUrl: options.kbBaseUrl,
      warmupIdleMs: options.warmupIdleMs ?? WARMUP_IDLE_MS
    }
    const worker = new Worker(WORKER, { workerData: init })
    const slot: Slot = {
      worker,
      inFlight: [],
      stopping: false,
      ready: false,
      warm: false,
      boot: undefined
    }
    slot.boot = setTimeout(() => {
      log?.error({ bootMs }, 'diagnosis worker did not start in time')
      for (const job of slot.inFlight)
        job.reject(new PoolError(DIAGNOSIS_TIMEOUT(timeoutMs), 503))
      slot.inFlight = []
      slot.stopping = true
      void worker.terminate()
    }, bootMs)
    slot.boot.unref()
    worker.on('message', (reply: WorkerReply) => {
      if ('type' in reply) {
        if (reply.type === 'warm') {
          slot.warm = true
          return
        }
        clearTimeout(slot.boot)
        slot.ready = true
        for (const job of slot.inFlight) arm(slot, job)
        return
      }
      finish(slot, reply)
    })
    worker.on('error', (error) =>
      log?.error({ err: error }, 'diagnosis worker failed')
    )
    worker.on('exit', (code) => {
      clearTimeout(slot.boot)
      const left = slot.inFlight
      slot.inFlight = []
      for (const job of left) clearTimeout(job.timer)
      if (closing || !slot.stopping) {
        for (const job of left)
          job.reject(new PoolError(DIAGNOSIS_WORKER_EXITED(code), 500))
      } else {
        // Stopped for another job's time limit: the jobs that waited behind it run elsewhere.
        queue.unshift(
          ...left.map(({ job, resolve, reject }) => ({ job, resolve, reject }))
        )
      }
      const index = slots.indexOf(slot)
      if (closing || index === -1) return
      if (!slot.stopping)
        log?.error({ code }, 'diagnosis worker exited: replacing it')
      // The next job that needs a worker starts one.
      slots.splice(index, 1)
      pump()
    })
    return slot
  }

  /** Start a job's time limit (once its worker is ready). */
  const arm = (slot: Slot, job: InFlight): void => {
    if (job.timer !== undefined) return
    job.timer = setTimeout(() => {
      const index = slot.inFlight.indexOf(job)
      if (index === -1) return
      slot.inFlight.splice(index, 1)
      slot.stopping = true
      log?.warn(
        { timeoutMs, bytes: job.job.log.length },
        'diagnosis over its time limit: replacing its worker'
      )
      job.reject(new PoolError(DIAGNOSIS_TIMEOUT(timeoutMs), 503))
      void slot.worker.terminate()
    }, timeoutMs)
  }

  const start = (slot: Slot, pending: Pending): void => {
    const job: InFlight = { ...pending, id: nextId++, timer: undefined }
    slot.inFlight.push(job)
    if (slot.ready) arm(slot, job)
    const message: PoolMessage = { type: 'job', id: job.id, job: pending.job }
    slot.worker.postMessage(message)
  }

  const pump = (): void => {
    // Fill the least loaded workers first, up to DEPTH jobs each.
    for (;;) {
      if (queue.length === 0) break
      let slot = slots
        .filter(
          (candidate) =>
            !candidate.stopping && candidate.inFlight.length < DEPTH
        )
        .sort((a, b) => a.inFlight.length - b.inFlight.length)[0]
      // Every running worker is busy (or none runs yet): start another while there is room.
      if (
        (slot === undefined || slot.inFlight.length > 0) &&
        slots.length < size
      ) {
        slot = spawn()
        slots.push(slot)
      }
      if (slot === undefined) break
      const next = queue.shift()
      if (next !== undefined) start(slot, next)
    }
    if (
      closing &&
      queue.length === 0 &&
      slots.every((slot) => slot.inFlight.length === 0)
    )
      drained?.()
  }

  const finish = (slot: Slot, reply: JobReply): void => {
    const index = slot.inFlight.findIndex((job) => job.id === reply.id)
    const busy = slot.inFlight[index]
    if (busy === undefined) return
    slot.inFlight.splice(index, 1)
    clearTimeout(busy.timer)
    if (reply.ok)
      busy.resolve({
        body: reply.body,
        diagnosis: reply.diagnosis,
        latencyMs: reply.latencyMs
      })
    else {
      log?.error({ error: reply.error }, 'diagnosis failed')
      busy.reject(new PoolError(INTERNAL_ERROR(), 500))
    }
    pump()
  }

  return {
    size,
    get running() {
      return slots.length
    },
    get warm() {
      return slots.filter((slot) => slot.warm).length
    },
    run: (job, kb) =>
      new Promise<JobAnswer>((resolve, reject) => {
        if (closing) return reject(new PoolError(DIAGNOSIS_BUSY(), 503))
        if (kb !== current) {
          // A reload replaced the KB: every worker compiles the new one before its next job.
          current = kb
          const message: PoolMessage = { type: 'kb', kb }
          for (const slot of slots) {
            slot.worker.postMessage(message)
            slot.warm = false
          }
        }
        const idle =
          slots.length < size ||
          slots.some((slot) => slot.inFlight.length < DEPTH && !slot.stopping)
        if (!idle && queue.length >= maxQueue) {
          return reject(new PoolError(DIAGNOSIS_BUSY(), 503))
        }
        queue.push({ job, resolve, reject })
        // A pool that serves every request starts all its workers together, on the first job.
        if (options.eager === true && !closing)
          while (slots.length < size) slots.push(spawn())
        pump()
      }),
    close: async () => {
      closing = true
      const idle = new Promise<void>((resolve) => {
        drained = resolve
      })
      pump()
      await idle
      await Promise.all(
        slots.map((slot) => {
          slot.stopping = true
          return slot.worker.terminate()
        })
      )
    }
  }
}
