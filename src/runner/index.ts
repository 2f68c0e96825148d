/**
 * @module runner
 * Where a diagnosis runs, decided here once for every host: the CLI, the gateway bot and the HTTP
 * server all run their diagnoses through {@link createRunner}. The jobs of one request (a paste, or
 * every file of an archive) are placed together by their total size: in-process up to the host's
 * {@link INLINE_MAX}, in the worker pool (`./pool.ts`) above it — so an archive of a hundred small
 * logs is as much off the event loop as one large log. Either way a job runs through the same
 * `runJob` (`./jobs.ts`), so the answers do not depend on where they ran.
 */
import type { Kb } from '../kb/types.ts'
import type { Logger } from '../log.ts'
import type { Matcher } from '../match/matcher.ts'
import {
  createEngine,
  runJob,
  type DiagnosisJob,
  type Engine,
  type JobAnswer
} from './jobs.ts'
import type { DiagnosisPool } from './pool.ts'

export { PoolError } from './pool.ts'
export type { DiagnosisJob, JobAnswer, JobKind } from './jobs.ts'

/**
 * The largest total size of a request's inputs (characters of text, or bytes) that a host
 * diagnoses in-process; anything larger goes to the worker pool.
 */
export const INLINE_MAX = {
  /** The CLI diagnoses one input and has no event loop to keep free: always in-process. */
  cli: Number.POSITIVE_INFINITY,
  /**
   * The gateway bot shares its event loop with the heartbeat and every user's interactions: about
   * 40 ms of matching at worst in-process (`bench/event-loop.ts`); a pool of one worker, started
   * on the first larger request.
   */
  gateway: 64 * 1024,
  /** The HTTP server runs every diagnosis in its pool, so that every core serves. */
  http: 0
} as const

/** Where a request's jobs ran. */
export type Placement = 'in-process' | 'worker'

/**
 * The total size of a request's inputs: characters of text, bytes of raw input.
 * @param jobs The jobs of one request.
 * @returns The sum of their log lengths.
 */
export function totalSize(jobs: readonly Pick<DiagnosisJob, 'log'>[]): number {
  return jobs.reduce((sum, job) => sum + job.log.length, 0)
}

/**
 * Decide where a request's jobs run: the one place this is decided.
 * @param jobs The jobs of one request (every file of an archive together).
 * @param inlineMax The host's limit ({@link INLINE_MAX}).
 * @returns `in-process` when their total size is at most `inlineMax`, `worker` above it.
 * @example
 * placeFor([{ log: 'x'.repeat(70_000) }], INLINE_MAX.gateway) // 'worker'
 */
export function placeFor(
  jobs: readonly Pick<DiagnosisJob, 'log'>[],
  inlineMax: number
): Placement {
  return totalSize(jobs) <= inlineMax ? 'in-process' : 'worker'
}

/** A KB and the matcher compiled once from it. */
export interface KbState {
  kb: Kb
  matcher: Matcher
}

/** How a runner runs. */
export interface RunnerOptions {
  /** The KB serving now, followed across reloads. */
  kb: () => KbState
  /** The host's limit ({@link INLINE_MAX}); in-process always when absent. */
  inlineMax?: number | undefined
  /** Base URL of the KB sources, for article links in rendered bodies. */
  kbBaseUrl?: string | undefined
  /** Worker threads of the pool (default: the cores available). */
  workers?: number | undefined
  /** Longest a diagnosis may run in a worker (the pool's default when absent). */
  timeoutMs?: number | undefined
  /** Jobs waiting for a worker before new ones are refused (the pool's default when absent). */
  maxQueue?: number | undefined
  logger?: Logger | undefined
}

/** The answers of a request's jobs, in the order of the jobs, and where they ran. */
export interface RunResult {
  answers: JobAnswer[]
  ranIn: Placement
}

/** Runs the diagnoses of one host. */
export interface Runner {
  /**
   * Run the jobs of one request, all in the same place.
   * @throws PoolError when the pool is busy or a job failed or ran over time in a worker.
   */
  run: (jobs: readonly DiagnosisJob[]) => Promise<RunResult>
  /** Stop the workers once their jobs are done, if any were started. */
  close: () => Promise<void>
  /** Whether the worker pool has been started. */
  started: () => boolean
}

/**
 * Create a host's runner. A host that sends every job to the pool (`inlineMax` 0) starts every
 * worker on its first request, so that no later request waits for a worker to compile the KB, nor
 * shares the cores with that compilation; any other starts the pool on the first request that
 * needs it, and its workers as the load asks (a bot that only sees short pastes runs no worker).
 * @param options The KB, the host's limit and the pool's settings.
 * @returns The runner.
 */
export function createRunner(options: RunnerOptions): Runner {
  const inlineMax = options.inlineMax ?? Number.POSITIVE_INFINITY
  // The in-process engine reuses the matcher the host compiled, once per KB.
  const engines = new WeakMap<Kb, Engine>()
  const engineFor = (state: KbState): Engine => {
    let engine = engines.get(state.kb)
    if (engine === undefined) {
      engine = createEngine(state.kb, options.kbBaseUrl, state.matcher)
      engines.set(state.kb, engine)
    }
    return engine
  }
  // The pool's module (worker threads) is loaded with the pool: a one-off command never needs it.
  let pool: Promise<DiagnosisPool> | undefined
  const startPool = async (kb: Kb): Promise<DiagnosisPool> =>
    (await import('./pool.ts')).createDiagnosisPool(kb, {
      kbBaseUrl: options.kbBaseUrl,
      logger: options.logger,
      eager: inlineMax <= 0,
      ...(options.workers === undefined ? {} : { size: options.workers }),
      ...(options.timeoutMs === undefined
        ? {}
        : { timeoutMs: options.timeoutMs }),
      ...(options.maxQueue === undefined ? {} : { maxQueue: options.maxQueue })
    })
  if (inlineMax <= 0) {
    pool = startPool(options.kb().kb)
    // A pool that fails to start fails the jobs that wait for it, not the process.
    pool.catch(() => undefined)
  }
  return {
    run: async (jobs) => {
      const state = options.kb()
      if (placeFor(jobs, inlineMax) === 'in-process') {
        const engine = engineFor(state)
        const answers: JobAnswer[] = []
        for (const job of jobs) answers.push(await runJob(engine, job))
        return { answers, ranIn: 'in-process' }
      }
      pool ??= startPool(state.kb)
      const running = await pool
      return {
        answers: await Promise.all(
          jobs.map((job) => running.run(job, state.kb))
        ),
        ranIn: 'worker'
      }
    },
    close: async () => {
      await (await pool)?.close()
    },
    started: () => pool !== undefined
  }
}
