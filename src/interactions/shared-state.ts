/**
 * @module interactions/shared-state
 * The diagnosis cache in the store's button-state table, for several instances behind one address:
 * a button created by one instance is answered by whichever receives the click. What is written is
 * what the memory cache holds, with two changes for the database: every text is redacted again (the
 * engine already redacts what it quotes from a log; this keeps a slip out of the database), and the
 * user id is kept only as the store's salted hash. Expiry is the memory cache's: the least recently
 * used states beyond the capacity are deleted.
 */
import { z } from 'zod'
import type { Logger } from '../log.ts'
import { redact } from '../match/redact.ts'
import type { Diagnosis } from '../match/types.ts'
import type { StateTable } from '../store/index.ts'
import { newStateId } from './state.ts'
import type { DiagnosisCache, DiagnosisState } from './state.ts'

/** How the shared cache behaves. */
export interface SharedCacheOptions {
  /** States kept across all instances (default 2000, as in memory). */
  capacity?: number | undefined
  /** Prune after this many writes of this process (default 100). */
  pruneEvery?: number | undefined
  /** Pauses before looking again for a state not found yet, in ms (default 50, 150, 400). */
  retryMs?: readonly number[] | undefined
  /** Where a failed write is reported (the answer has gone out; its buttons will say "expired"). */
  log?: Pick<Logger, 'warn'> | undefined
}

/** The stored form: our own rows, checked at the boundary for the fields the handlers read. */
const storedSchema = z.object({
  diagnosis: z
    .object({
      verdict: z.enum(['match', 'candidates', 'none']),
      matches: z.array(z.unknown()),
      others: z.array(z.unknown()),
      locale: z.string()
    })
    .loose(),
  guildId: z.string().optional(),
  channelId: z.string().optional(),
  source: z.string().optional()
})

/** Every string of a JSON value, redacted. */
function redacted(value: unknown): unknown {
  if (typeof value === 'string') return redact(value)
  if (Array.isArray(value)) return value.map(redacted)
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, redacted(item)])
    )
  return value
}

/**
 * A diagnosis cache in the store, shared by every instance that uses the same database.
 * @param table The store's button-state table (`store.states`).
 * @param options Capacity, pruning, logger.
 * @returns The cache.
 */
export function createSharedDiagnosisCache(
  table: StateTable,
  options: SharedCacheOptions = {}
): DiagnosisCache {
  const capacity = options.capacity ?? 2000
  const pruneEvery = options.pruneEvery ?? 100
  const retryMs = options.retryMs ?? [50, 150, 400]
  const pending = new Map<string, Promise<void>>()
  let writes = 0

  return {
    put: (state) => {
      const id = newStateId()
      const value = JSON.stringify(
        redacted({
          diagnosis: state.diagnosis,
          guildId: state.guildId,
          channelId: state.channelId,
          source: state.source
        })
      )
      writes += 1
      const prune = writes % pruneEvery === 0
      const write = table
        .put(id, value, state.userId)
        .then(async () => {
          if (prune) await table.prune(capacity)
        })
        .catch((error: unknown) => {
          options.log?.warn(
            { err: error, stateId: id },
            'could not store the button state'
          )
        })
        .finally(() => pending.delete(id))
      pending.set(id, write)
      return id
    },

    get: async (id) => {
      // A click on this instance can beat its own write-behind: wait for it. A click on another
      // instance can too (the answer went out before the write landed): look again a few times
      // before saying "expired", well inside Discord's 3 s.
      await pending.get(id)
      let stored = await table.get(id)
      for (const wait of retryMs) {
        if (stored !== undefined) break
        await new Promise((done) => setTimeout(done, wait))
        stored = await table.get(id)
      }
      if (stored === undefined) return undefined
      const parsed = storedSchema.safeParse(JSON.parse(stored.value))
      if (!parsed.success) return undefined
      const state: DiagnosisState = {
        // Checked above for what the handlers read; the rest is what `put` wrote.
        diagnosis: parsed.data.diagnosis as unknown as Diagnosis,
        userId: stored.userHash,
        guildId: parsed.data.guildId,
        channelId: parsed.data.channelId,
        source: parsed.data.source
      }
      return state
    },

    owns: async (state, userId) =>
      state.userId === (await table.hashUser(userId)),

    size: () => 0
  }
}
