/**
 * @module discord/offload
 * The gateway bot's diagnose hook: short logs are diagnosed in-process (a few milliseconds), long
 * ones in a worker thread of the HTTP server's pool, so that a hostile 1 MB paste (about 650 ms of
 * matching, see `bench/event-loop.ts`) never holds up the heartbeat or other users' interactions.
 * The pool starts on the first long log: a bot that only sees short pastes runs no worker.
 */
import type { KbState } from '../interactions/types.ts'
import type { DiagnoseHook } from '../interactions/types.ts'
import type { Logger } from '../log.ts'
import { diagnose } from '../match/diagnose.ts'
import { DEFAULT_LIMITS as READ_LIMITS } from '../match/normalize.ts'
import { createDiagnosisPool, type DiagnosisPool } from '../runner/pool.ts'

/** Logs longer than this (in characters) are diagnosed in a worker: about 40 ms of matching at worst. */
export const OFFLOAD_CHARS = 64 * 1024

/** The hook and how to stop its workers. */
export interface Offload {
  diagnose: DiagnoseHook
  /** Stop the workers, if any were started. */
  close: () => Promise<void>
  /** Whether the worker pool was started (for tests). */
  started: () => boolean
}

/**
 * Create the gateway bot's diagnose hook.
 * @param kb The KB serving now (followed across reloads).
 * @param options The logger, and the size threshold (tests lower it).
 * @returns The hook and its shutdown.
 */
export function createOffload(
  kb: () => KbState,
  options: {
    logger: Logger
    thresholdChars?: number
    workers?: number
    maxLogBytes?: number
  }
): Offload {
  const threshold = options.thresholdChars ?? OFFLOAD_CHARS
  const maxBytes = options.maxLogBytes ?? READ_LIMITS.maxBytes
  let pool: DiagnosisPool | undefined
  return {
    diagnose: async (text, { locale }) => {
      const current = kb()
      if (text.length <= threshold)
        return diagnose(current.matcher, text, { locale, limits: { maxBytes } })
      pool ??= createDiagnosisPool(current.kb, {
        size: options.workers ?? 1,
        logger: options.logger
      })
      const answer = await pool.run(
        {
          kind: 'diagnosis',
          log: text,
          locale,
          maxBytes
        },
        current.kb
      )
      return answer.diagnosis
    },
    close: async () => {
      await pool?.close()
    },
    started: () => pool !== undefined
  }
}
