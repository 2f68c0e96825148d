/**
 * @module store/resilient
 * "Never a crash, never a lost answer": a wrapper that turns failed writes (full disk, read-only
 * file, a lock held past the busy timeout, a file that would not open) into one warning per outage,
 * while reads and maintenance (`stats`, `gaps`, `forget`) still report their errors to the CLI.
 */
import { STORE_NOT_RECORDING, STORE_UNAVAILABLE } from './errors.ts'
import { newDiagnosisId } from './identity.ts'
import type { Store, StoreLogger } from './types.ts'

/** Writes to stderr; pass pino (or any `{ warn }`) instead. */
export const consoleLogger: StoreLogger = {
  warn: (details, message) => {
    console.warn(message, details)
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code =
      'code' in error && typeof error.code === 'string' ? `${error.code}: ` : ''
    return `${code}${error.message}`
  }
  return String(error)
}

/**
 * Wrap a store so that writes never reject: a failed write is logged once, and the caller gets the
 * diagnosis id anyway so that the answer (and its buttons) still go out.
 * @param open Opens the real store; when it throws, every write is skipped and every read rejects.
 * @param location The database file, for messages.
 * @param logger Where the one warning goes.
 * @returns A store whose `recordDiagnosis` and `recordFeedback` always resolve.
 */
export function resilientStore(
  open: () => Store,
  location: string,
  logger: StoreLogger = consoleLogger
): Store {
  let failing = false
  const fail = (error: unknown): void => {
    // One warning per outage: the next successful write re-arms it.
    if (failing) return
    failing = true
    logger.warn(
      { err: error, store: location },
      STORE_NOT_RECORDING(location, describe(error))
    )
  }
  const recovered = (): void => {
    failing = false
  }

  let inner: Store
  try {
    inner = open()
  } catch (error) {
    const cause = describe(error)
    const unavailable = (): Promise<never> =>
      Promise.reject(new Error(STORE_UNAVAILABLE(location, cause)))
    fail(error)
    return {
      location,
      recordDiagnosis: (input) => Promise.resolve(input.id ?? newDiagnosisId()),
      recordFeedback: () => Promise.resolve(false),
      stats: unavailable,
      unanswered: unavailable,
      articleVotes: unavailable,
      forgetUser: unavailable,
      purge: unavailable,
      close: () => Promise.resolve()
    }
  }

  return {
    ...inner,
    location,
    recordDiagnosis: async (input) => {
      const id = input.id ?? newDiagnosisId()
      try {
        await inner.recordDiagnosis({ ...input, id })
        recovered()
      } catch (error) {
        fail(error)
      }
      return id
    },
    recordFeedback: async (input) => {
      try {
        const written = await inner.recordFeedback(input)
        recovered()
        return written
      } catch (error) {
        fail(error)
        return false
      }
    }
  }
}
