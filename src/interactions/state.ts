/**
 * @module interactions/state
 * Per-diagnosis state for buttons and select menus ("Other matches", "Post publicly", feedback):
 * a bounded LRU in memory, keyed by a short id that goes into `custom_id` (Discord allows 100
 * characters, far too few for the state itself). After a restart old buttons answer "expired".
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

/** The LRU of recent diagnoses. */
export interface DiagnosisCache {
  /** Store a diagnosis and return its short id (10 characters). */
  put: (state: DiagnosisState) => string
  get: (id: string) => DiagnosisState | undefined
  size: () => number
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
      const id = randomBytes(8).toString('base64url').slice(0, 10)
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
      if (state === undefined) return undefined
      entries.delete(id)
      entries.set(id, state)
      return state
    },
    size: () => entries.size
  }
}
