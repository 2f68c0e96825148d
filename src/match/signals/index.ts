/**
 * @module match/signals
 * The ordered registry of signal extractors: one line per file in this folder. Order matters where
 * two extractors fill the same facts: numbered errors first (they say the OS), names, then texts.
 */
import { forgetErrnoTexts } from '../../kb/errno.ts'
import type { Facts, Log, OperationFact, OsErrorFact } from '../types.ts'
import { errnoName } from './errno-name.ts'
import { errnoText } from './errno-text.ts'
import { errorChain } from './error-chain.ts'
import { operation } from './operation.ts'
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
  errorChain,
  operation
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
    chains: [],
    operations: []
  }
  for (const extractor of extractors)
    run(extractor as Extractor<keyof Facts>, log, facts)
  forgetErrnoTexts()
  facts.errors = facts.errors.filter(
    (fact, index) =>
      facts.errors.findIndex(
        (other) => other.line === fact.line && other.errno === fact.errno
      ) === index
  )
  for (const error of facts.errors) {
    const operation = operationOf(error, facts)
    if (operation) error.operation = operation
  }
  return facts
}

/** How far above an error line the call that failed may be printed (a traceback's code line). */
const NEAR_LINES = 3

/**
 * The failed call an OS error belongs to: one on its own line, else the nearest one above it in its
 * error chain (eyre's context message, a traceback's code line) or within a few lines.
 * @returns The operation, or undefined when the log does not show one.
 */
function operationOf(
  error: OsErrorFact,
  facts: Facts
): OperationFact | undefined {
  const same = facts.operations.find((fact) => fact.line === error.line)
  if (same) return same
  const chain = facts.chains.find((fact) =>
    fact.messages.some((message) => message.line === error.line)
  )
  const chained = new Set(chain?.messages.map((message) => message.line))
  return facts.operations
    .filter(
      (fact) =>
        fact.line < error.line &&
        (chained.has(fact.line) || error.line - fact.line <= NEAR_LINES)
    )
    .at(-1)
}
