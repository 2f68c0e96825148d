/**
 * @module interactions/state
 * Per-diagnosis state for buttons and select menus ("Other matches", "Post publicly", feedback),
 * keyed by a short id that goes into `custom_id` (Discord allows 100 characters, far too few for
 * the state itself). One interface, two homes: a bounded LRU in memory (one process, the default;
 * after a restart old buttons answer "expired"), or the store's table when several instances share
 * a PostgreSQL database (`./shared-state.ts`), so that a click may land on any of them.
 */
import { randomBytes } from 'node:crypto'
import type { Diagnosis } from '../match/types.ts'

/** What a button on an answer needs to know. */
export interface DiagnosisState {
  diagnosis: Diagnosis
  /** The user who asked (or, in watch mode, the author of the watched message). */
  userId: string
  guildId: string | undefined
  channelId: string | undefined
  /** The file inside an archive or the attachment that matched, when not a paste. */
  source: string | undefined
}

/** The recent diagnoses behind buttons, the least recently used forgotten first. */
export interface DiagnosisCache {
  /**
   * Store a diagnosis and return its short id (10 characters) at once: the answer carrying it goes
   * out without waiting for a database (a shared cache writes behind, and `get` waits for its own
   * pending writes).
   */
  put: (state: DiagnosisState) => string
  /** The state behind an id, or undefined when it expired. */
  get: (id: string) => Promise<DiagnosisState | undefined>
  /** Whether a state belongs to a user (a shared cache keeps the user id only hashed). */
  owns: (state: DiagnosisState, userId: string) => Promise<boolean>
  /** Entries held in this process's memory (0 for a shared cache, which holds them in the database). */
  size: () => number
}

/**
 * A new state id for a `custom_id`.
 * @returns 10 characters of base64url.
 */
export function newStateId(): string {
  return randomBytes(8).toString('base64url').slice(0, 10)
}

/**
 * Create a bounded LRU for diagnosis state.
 * @param capacity How many diagnoses to keep (the oldest untouched one goes first); a diagnosis
 *   holds about 10 KB, so the default stays under a few tens of MB.
 * @returns The cache.
 */
export function createDiagnosisCache(capacity = 2000): DiagnosisCache {
  const entries = new Map<string, DiagnosisState>()
  return {
    put: (state) => {
      const id = newStateId()
      entries.set(id, state)
      // Map keeps insertion order: the first key is the least recently used.
      while (entries.size > capacity) {
        const oldest = entries.keys().next()
        if (oldest.done === true) break
        entries.delete(oldest.value)
      }
      return id
    },
    get: (id) => {
      const state = entries.get(id)
      if (state === undefined) return Promise.resolve(undefined)
      entries.delete(id)
      entries.set(id, state)
      return Promise.resolve(state)
    },
    owns: (state, userId) => Promise.resolve(state.userId === userId),
    size: () => entries.size
  }
}
