/**
 * @module interactions/cooldown
 * A per-key cooldown (users for diagnoses, channels in watch mode) that stops floods.
 */

/** Tracks when each key may act again. */
export interface Cooldowns {
  /**
   * Take a turn for a key.
   * @returns 0 when the key may act now (and starts its cooldown), else the seconds left to wait.
   */
  take: (key: string) => number
}

/**
 * Create a cooldown tracker.
 * @param seconds The wait between two turns of one key (0 disables it).
 * @param now The clock, in milliseconds (tests pass their own).
 * @param capacity How many keys to remember at most.
 * @returns The tracker.
 */
export function createCooldowns(
  seconds: number,
  now: () => number = Date.now,
  capacity = 10_000
): Cooldowns {
  const until = new Map<string, number>()
  return {
    take: (key) => {
      if (seconds <= 0) return 0
      const t = now()
      const next = until.get(key)
      if (next !== undefined && next > t) return Math.ceil((next - t) / 1000)
      until.delete(key)
      until.set(key, t + seconds * 1000)
      if (until.size > capacity) {
        for (const [k, v] of until)
          if (v <= t || until.size > capacity) until.delete(k)
      }
      return 0
    }
  }
}
