/**
 * @module store/resilient
 * "Never a crash, never a lost answer": a wrapper that turns failed writes (full disk, read-only
 * file, a lock held past the busy timeout, a file that would not open) into one warning per outage,
 * while reads and maintenance (`stats`, `gaps`, `forget`) still report their errors to the CLI.
 */
import { STORE_NOT_RECORDING, STORE_UNAVAILABLE } from './errors.ts'
import { newDiagnosisId } from './identity.ts'
import type { StateTable, Store, StoreLogger } from './types.ts'

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

/** How the wrapper retries a store that would not open. */
export interface ResilientOptions {
  /** Try to open again on a write at most this often, in ms (default one minute). */
  reopenEveryMs?: number | undefined
  /** The clock, in ms (tests pass their own). */
  now?: (() => number) | undefined
  /** Expose the backend's button-state table (`states`): for a database several instances share. */
  shareState?: boolean | undefined
}

/**
 * Wrap a store so that writes never reject: a failed write is logged once, and the caller gets the
 * diagnosis id anyway so that the answer (and its buttons) still go out.
 * @param open Opens the real store; while it throws, writes are skipped (and it is tried again on a
 * later write), and reads reject.
 * @param location The database file, for messages.
 * @param logger Where the one warning goes.
 * @param options How often to retry opening.
 * @returns A store whose `recordDiagnosis` and `recordFeedback` always resolve.
 */
export function resilientStore(
  open: () => Store,
  location: string,
  logger: StoreLogger = consoleLogger,
  options: ResilientOptions = {}
): Store {
  const now = options.now ?? Date.now
  const reopenEveryMs = options.reopenEveryMs ?? 60_000
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

  let inner: Store | undefined
  let openError: unknown
  let lastAttempt = 0
  const tryOpen = (): Store | undefined => {
    lastAttempt = now()
    try {
      inner = open()
    } catch (error) {
      openError = error
      fail(error)
    }
    return inner
  }
  tryOpen()
  const current = (): Store | undefined =>
    inner ?? (now() - lastAttempt >= reopenEveryMs ? tryOpen() : undefined)
  const opened = (): Promise<Store> => {
    const store = current()
    return store === undefined
      ? Promise.reject(
          new Error(STORE_UNAVAILABLE(location, describe(openError)))
        )
      : Promise.resolve(store)
  }

  // Writes still in flight: `close` waits for them, so that a bot shutting down keeps its last records.
  const pending = new Set<Promise<unknown>>()
  const track = <T>(work: Promise<T>): Promise<T> => {
    pending.add(work)
    void work.finally(() => pending.delete(work))
    return work
  }

  const recordDiagnosis: Store['recordDiagnosis'] = async (input) => {
    const id = input.id ?? newDiagnosisId()
    // Let the caller send its answer first: redacting a long unanswered log and writing it takes
    // milliseconds that belong after the reply, not before it.
    await new Promise<void>((resolve) => {
      setImmediate(resolve)
    })
    const store = current()
    if (store === undefined) return id
    try {
      await store.recordDiagnosis({ ...input, id })
      recovered()
    } catch (error) {
      fail(error)
    }
    return id
  }

  const recordFeedback: Store['recordFeedback'] = async (input) => {
    const store = current()
    if (store === undefined) return false
    try {
      const written = await store.recordFeedback(input)
      recovered()
      return written
    } catch (error) {
      fail(error)
      return false
    }
  }

  // Button state rejects while the database cannot be reached: the button then answers "expired".
  const table = async (): Promise<StateTable> => {
    const { states } = await opened()
    if (states === undefined)
      throw new Error(STORE_UNAVAILABLE(location, 'no button-state table'))
    return states
  }
  const states: StateTable = {
    put: (id, value, userId) =>
      track(table().then((inner) => inner.put(id, value, userId))),
    get: async (id) => (await table()).get(id),
    hashUser: async (userId) => (await table()).hashUser(userId),
    prune: async (capacity) => (await table()).prune(capacity)
  }

  return {
    location,
    ...(options.shareState === true ? { states } : {}),
    recordDiagnosis: (input) => track(recordDiagnosis(input)),
    recordFeedback: (input) => track(recordFeedback(input)),
    stats: async (window) => (await opened()).stats(window),
    unanswered: async (window) => (await opened()).unanswered(window),
    articleVotes: async (window) => (await opened()).articleVotes(window),
    forgetUser: async (userId) => (await opened()).forgetUser(userId),
    purge: async (at) => (await opened()).purge(at),
    close: async () => {
      await Promise.all(pending)
      await inner?.close()
    }
  }
}
