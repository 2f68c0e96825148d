/**
 * The shared labelled logs (`../shared/eval/dev.jsonl`, beside the repository), for tests.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface EvalCase {
  id: string
  log: string
  topic: string
  accept: string[]
}

export const EVAL_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'shared',
  'eval',
  'dev.jsonl'
)

/** Every case of the shared eval set. */
export function evalCases(): EvalCase[] {
  return readFileSync(EVAL_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvalCase)
}

/**
 * One labelled log, e.g. `dora-001` (the WSL log of dora issue 889).
 * @throws When the id is not in the set.
 */
export function evalLog(id: string): string {
  const found = evalCases().find((item) => item.id === id)
  if (found === undefined)
    throw new Error(`test: no case ${id} in ${EVAL_FILE}`)
  return found.log
}
