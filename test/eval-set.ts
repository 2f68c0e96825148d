/**
 * The labelled logs the tests use, kept in the repository (`test/fixtures/eval/`): copies of the
 * shared eval sets with only the id, the log, its label (`topic`) and the accepted alternatives —
 * no notes and no sources — so `npm test` runs on any clone.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface EvalCase {
  id: string
  log: string
  topic: string
  accept: string[]
}

/** The development set: the logs the engine was tuned on (`remedy eval` meets the targets here). */
export const DEV_FILE = join(
  import.meta.dirname,
  'fixtures',
  'eval',
  'dev.jsonl'
)

/** The fresh set: logs held out from the tuning, for regression floors only. */
export const FRESH_FILE = join(
  import.meta.dirname,
  'fixtures',
  'eval',
  'fresh.jsonl'
)

/**
 * The probe set: logs and questions the team wrote to find what the engine gets confidently wrong
 * on inputs nobody had tuned it on (dora, zenoh and OS-network errors in many forms and languages,
 * plain-language questions, and look-alike logs no article explains, labelled `none`). Written,
 * not collected from real threads: a regression floor, not a measure of accuracy.
 */
export const PROBE_FILE = join(
  import.meta.dirname,
  'fixtures',
  'eval',
  'probe.jsonl'
)

const cache = new Map<string, EvalCase[]>()

/**
 * Every case of a labelled set, in file order.
 * @param file The JSON-lines file, the development set by default.
 */
export function evalCases(file: string = DEV_FILE): EvalCase[] {
  let cases = cache.get(file)
  if (cases === undefined) {
    cases = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as EvalCase)
    cache.set(file, cases)
  }
  return cases.map((item) => ({ ...item, accept: [...item.accept] }))
}

/**
 * One labelled log of the development set, e.g. `dora-001` (the WSL log of dora issue 889).
 * @throws When the id is not in the set.
 */
export function evalLog(id: string): string {
  const found = evalCases().find((item) => item.id === id)
  if (found === undefined) throw new Error(`test: no case ${id} in ${DEV_FILE}`)
  return found.log
}
