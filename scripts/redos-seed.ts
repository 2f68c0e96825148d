/**
 * Write `src/lint/redos-seed.json`: the ReDoS verdicts of every regex of the KB (and of each branch
 * of a top-level alternation), so that `remedy lint` on a fresh clone does not spend a minute
 * checking patterns that did not change. A pattern the automaton could not finish in its time is
 * kept as `unknown`, as the cache keeps it. Run after adding or editing regexes (`test/redos.test.ts`
 * says so): `npx tsx scripts/redos-seed.ts`.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadKb } from '../src/kb/load.ts'
import {
  checkRegex,
  knownVerdicts,
  recheckVersion,
  SEED_FILE
} from '../src/lint/index.ts'
import { topLevelBranches } from '../src/kb/regex-literals.ts'
import { createMatcher } from '../src/match/matcher.ts'

const root = join(import.meta.dirname, '..')
const { kb } = await loadKb(join(root, 'kb'))
const sources = [...createMatcher(kb, { drafts: true }).regexes.keys()]
const wanted = new Set(
  sources.flatMap((source) => [source, ...topLevelBranches(source)])
)
for (const source of sources) checkRegex(source)
/** Enough of an attack string to test with: the engine reads at most 2,000 characters a line. */
const SEED_ATTACK_MAX = 10_000
const verdicts = Object.fromEntries(
  [...knownVerdicts()]
    .filter(([source]) => wanted.has(source))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([source, verdict]) => [
      source,
      verdict.attack === undefined
        ? verdict
        : { ...verdict, attack: verdict.attack.slice(0, SEED_ATTACK_MAX) }
    ])
)
writeFileSync(
  SEED_FILE,
  `${JSON.stringify({ recheck: recheckVersion(), verdicts }, null, 2)}\n`
)
console.log(
  `${Object.keys(verdicts).length} verdicts for ${sources.length} patterns written to ${SEED_FILE}`
)
