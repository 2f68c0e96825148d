/**
 * @module match/signals
 * The ordered registry of signal extractors: one line per file in this folder. Order matters where
 * two extractors fill the same facts: numbered errors first (they say the OS), names, then texts.
 */
import type { Facts, Log } from '../types.ts'
import { errnoName } from './errno-name.ts'
import { errnoText } from './errno-text.ts'
import { errorChain } from './error-chain.ts'
import { osErrorNumber } from './os-error-number.ts'
import { platform } from './platform.ts'
import { product } from './product.ts'
import { socketAddress } from './socket-address.ts'
import type { AnyExtractor, Extractor } from './types.ts'

export const extractors: AnyExtractor[] = [
  osErrorNumber,
  errnoName,
  errnoText,
  socketAddress,
  platform,
  product,
  errorChain
]

function run<K extends keyof Facts>(
  extractor: Extractor<K>,
  log: Log,
  facts: Facts
): void {
  const found = extractor.extract(log)
  const target: Facts[K][number][] = facts[extractor.fact]
  for (const fact of found) target.push(fact)
}

/**
 * Run every extractor on a log.
 * @param log A normalised log.
 * @returns The facts; one OS error per line and errno (the most specific wording wins).
 */
export function extractFacts(log: Log): Facts {
  const facts: Facts = {
    errors: [],
    addresses: [],
    platforms: [],
    products: [],
    chains: []
  }
  for (const extractor of extractors)
    run(extractor as Extractor<keyof Facts>, log, facts)
  facts.errors = facts.errors.filter(
    (fact, index) =>
      facts.errors.findIndex(
        (other) => other.line === fact.line && other.errno === fact.errno
      ) === index
  )
  return facts
}
