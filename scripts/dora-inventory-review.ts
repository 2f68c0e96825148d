/**
 * @module scripts/dora-inventory-review
 * Print, for each message of `kb/dora/_messages.json`, what the engine answers for a rendering of it
 * (verdict, first article, confidence) next to the inventory's reviewed mapping, as tab-separated
 * lines: the starting point for reviewing the mapping by hand.
 *
 * ```sh
 * npx tsx scripts/dora-inventory-review.ts [--kb kb] [--inventory kb/dora/_messages.json] > review.tsv
 * ```
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { loadKb } from '../src/kb/load.ts'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher } from '../src/match/matcher.ts'
import { renderMessage, type RenderInput } from './dora-render.ts'

const { values } = parseArgs({
  options: {
    kb: { type: 'string', default: 'kb' },
    inventory: { type: 'string', default: 'kb/dora/_messages.json' }
  }
})
const { kb } = await loadKb(values.kb)
const matcher = createMatcher(kb)
const inventory = JSON.parse(readFileSync(values.inventory, 'utf8')) as {
  messages: (RenderInput & { id: string; article?: string; reason?: string })[]
}
for (const message of inventory.messages) {
  const diagnosis = diagnose(matcher, renderMessage(message))
  const first = diagnosis.matches[0]
  const where = message.locations.map((l) => `${l.file}:${l.line}`)[0] ?? ''
  process.stdout.write(
    [
      message.kind,
      diagnosis.verdict,
      first?.id ?? '-',
      first === undefined ? '' : first.confidence.toFixed(2),
      message.article ?? `(${message.reason ?? ''})`,
      where,
      message.text.replace(/\s+/g, ' ')
    ].join('\t') + '\n'
  )
}
