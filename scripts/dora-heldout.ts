/**
 * @module scripts/dora-heldout
 * A held-out check built from dora's inventory: every message mapped to an article, and every
 * seventh message of the rest, rendered the way dora prints it (scripts/dora-render.ts; error kinds in
 * three layouts: 0.3 CLI report, innermost cause of a chain, Python `RuntimeError`), diagnosed
 * with the KB. Prints top-1 and recall@3 on the mapped ones and how often the engine is
 * confidently wrong (a `match` on another article, or on anything for an unmapped message).
 *
 * ```sh
 * npx tsx scripts/dora-heldout.ts [--kb kb] [--misses]
 * ```
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadKb } from '../src/kb/load.ts'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher } from '../src/match/matcher.ts'
import { LAYOUTS, renderMessage, type RenderInput } from './dora-render.ts'

const { values } = parseArgs({
  options: {
    kb: { type: 'string', default: 'kb' },
    inventory: { type: 'string', default: 'kb/dora/_messages.json' },
    misses: { type: 'boolean', default: false }
  }
})
const { kb } = await loadKb(values.kb)
const matcher = createMatcher(kb)
const inventory = JSON.parse(readFileSync(values.inventory, 'utf8')) as {
  messages: (RenderInput & { id: string; article?: string; reason?: string })[]
}
let mapped = 0
let top1 = 0
let top3 = 0
let wrongMapped = 0
let unmapped = 0
let wrongUnmapped = 0
const ERROR_KINDS = new Set(['bail', 'eyre', 'wrap_err', 'context'])
const cases = inventory.messages.flatMap((message, index) =>
  message.article === undefined && index % 7 !== 0
    ? []
    : ERROR_KINDS.has(message.kind)
      ? LAYOUTS.map((layout) => ({ message, layout }))
      : [{ message, layout: 'cli' as const }]
)
for (const { message, layout } of cases) {
  const diagnosis = diagnose(matcher, renderMessage(message, layout))
  const ranked = [...diagnosis.matches, ...diagnosis.others].map((m) => m.id)
  const first = diagnosis.matches[0]?.id
  const confident = diagnosis.verdict === 'match'
  if (message.article !== undefined) {
    mapped++
    if (ranked[0] === message.article) top1++
    if (ranked.slice(0, 3).includes(message.article)) top3++
    if (confident && first !== message.article) wrongMapped++
    if (values.misses && ranked[0] !== message.article)
      process.stdout.write(
        `MISS ${layout} ${message.article} ← ${diagnosis.verdict} ${ranked.slice(0, 3).join(',')} :: ${message.text.slice(0, 100)}\n`
      )
  } else {
    unmapped++
    if (confident) {
      wrongUnmapped++
      if (values.misses)
        process.stdout.write(
          `WRONG ${layout} none ← ${first ?? ''} :: ${message.text.slice(0, 100)}\n`
        )
    }
  }
}
const pct = (n: number, d: number): string =>
  `${d === 0 ? '-' : ((100 * n) / d).toFixed(1)}%`
process.stdout.write(
  `mapped ${mapped}: top-1 ${pct(top1, mapped)}, recall@3 ${pct(top3, mapped)}, confidently wrong ${pct(wrongMapped, mapped)}\n` +
    `unmapped (sampled) ${unmapped}: confidently wrong ${pct(wrongUnmapped, unmapped)}\n`
)
