/**
 * `product` (with an optional `version` range): the log shows the product (at a version in the
 * range). Triggered by the product facts, whatever their version.
 */
import { satisfies } from '../../kb/steps.ts'
import { product as syntax, type ProductClue } from '../../kb/clues/product.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const product: ClueKind<ProductClue> = {
  id: 'product',
  syntax,
  triggers: (clue) => [`product:${clue.name}`],
  offers: (ctx) => ctx.facts.products.map((fact) => `product:${fact.name}`),
  evaluate: (clue, ctx) => {
    const range = clue.range
    return factHit(
      ctx.facts.products,
      (fact) =>
        fact.name === clue.name &&
        (range === undefined ||
          (fact.version !== undefined && satisfies(fact.version, range))),
      (fact) =>
        `${fact.name}${fact.version === undefined ? '' : ` ${fact.version}`}`
    )
  },
  examples: [
    {
      clue: { product: 'dora', version: '>=0.3.10' },
      log: 'dora-cli 0.3.11\nError: failed to start dataflow',
      holds: true
    },
    {
      clue: { product: 'dora', version: '>=0.3.10' },
      log: 'dora-cli 0.3.9\nError: failed to start dataflow',
      holds: false
    }
  ]
}
