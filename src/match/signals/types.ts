/**
 * @module match/signals/types
 * A signal extractor reads one kind of fact out of a normalised log. One extractor per file, listed in
 * the ordered registry `index.ts`; each carries its own table of examples, run by one test.
 */
import type { Facts, Log } from '../types.ts'

export interface Extractor<K extends keyof Facts> {
  /** Equals the file name. */
  id: string
  /** Which list of facts it fills. */
  fact: K
  extract: (log: Log) => Facts[K]
  /** One short string per fact, for the examples table and for debugging. */
  describe: (fact: Facts[K][number]) => string
  /** `output` lists `describe(fact)` for every fact the input yields, in order. */
  examples: { input: string; output: string[] }[]
}

export type AnyExtractor = { [K in keyof Facts]: Extractor<K> }[keyof Facts]
