/**
 * @module match/warmup
 * What a long-running engine diagnoses before its first users: the KB's own example logs. V8
 * compiles the matcher's code as it gets hot, over its first thousand or so diagnoses; until then a
 * diagnosis can take several times as long, and the first question in plain words builds the
 * full-text index. A diagnosis worker runs these in its idle time after it starts (`runner/worker.ts`),
 * and the engine benchmark does the same before it measures.
 */
import type { Matcher } from './matcher.ts'

/** Rounds over the examples: enough for the compiler to settle (about 1,300 diagnoses here). */
export const WARMUP_ROUNDS = 3

/**
 * The logs to warm an engine with: every example log of the served articles (those that must match
 * and those that must not), `rounds` times over.
 * @param matcher The engine's compiled KB.
 * @param rounds How many times over (default {@link WARMUP_ROUNDS}).
 * @returns The logs, in order.
 */
export function warmupLogs(
  matcher: Matcher,
  rounds: number = WARMUP_ROUNDS
): string[] {
  const once = matcher.articles.flatMap((article) => [
    ...article.examples.match.map((example) => example.log),
    ...article.examples.noMatch.map((example) => example.log)
  ])
  return Array.from({ length: rounds }, () => once).flat()
}
