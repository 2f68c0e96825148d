/**
 * @module interactions/feedback
 * Where "Fixed it" / "Didn't help" votes go. The SQLite store (src/store) implements the same
 * interface; until it is wired in, {@link memoryFeedback} keeps votes in memory.
 */

/** A vote, spelled as the store spells it. */
export type Vote = 'fixed' | 'not-helped'

/** One button press. */
export interface FeedbackRecord {
  diagnosisId: string
  userId: string
  vote: Vote
  guildId: string | undefined
  channelId: string | undefined
}

/** Records feedback votes. One vote per user and diagnosis: a new vote replaces the old one. */
export interface FeedbackSink {
  record: (input: FeedbackRecord) => Promise<void>
}

/**
 * An in-memory feedback sink (tests, and the bot until the store is configured).
 * @returns The sink and the votes it holds, keyed by `diagnosisId:userId`.
 */
export function memoryFeedback(): FeedbackSink & {
  votes: Map<string, FeedbackRecord>
} {
  const votes = new Map<string, FeedbackRecord>()
  return {
    votes,
    record: (input) => {
      votes.set(`${input.diagnosisId}:${input.userId}`, input)
      return Promise.resolve()
    }
  }
}
