/**
 * Test helpers for the store: diagnoses built by hand (the store only reads their verdict, matches,
 * facts and KB version), temporary database files.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Diagnosis, Match, Verdict } from '../../src/match/types.ts'

/** A ranked article as the store sees it. */
export interface Ranked {
  id: string
  confidence: number
}

/** What a hand-built diagnosis says. */
export interface DiagnosisSketch {
  verdict: Verdict
  matches?: Ranked[]
  others?: Ranked[]
  errno?: string
  product?: string
  chain?: string[]
  kbVersion?: string
}

function match({ id, confidence }: Ranked): Match {
  return {
    id,
    collection: 'network',
    locale: 'en',
    title: id,
    summary: '',
    path: `network/${id}.md`,
    confidence,
    score: confidence,
    evidence: [],
    steps: [],
    captures: {},
    cause: '',
    verify: '',
    ifNotHelped: ''
  }
}

/**
 * Build a diagnosis from a sketch.
 * @param sketch Verdict, ranked articles, facts.
 * @returns A full `Diagnosis`.
 */
export function makeDiagnosis(sketch: DiagnosisSketch): Diagnosis {
  return {
    verdict: sketch.verdict,
    matches: (sketch.matches ?? []).map(match),
    others: (sketch.others ?? []).map(match),
    facts: {
      errors:
        sketch.errno === undefined
          ? []
          : [
              {
                errno: sketch.errno,
                code: undefined,
                os: undefined,
                form: 'text',
                line: 1
              }
            ],
      addresses: [],
      platforms: [],
      products:
        sketch.product === undefined
          ? []
          : [{ name: sketch.product, version: undefined, hint: '', line: 1 }],
      chains:
        sketch.chain === undefined
          ? []
          : [
              {
                kind: 'eyre',
                messages: sketch.chain.map((text, index) => ({
                  text,
                  line: index + 1
                })),
                innermost: {
                  text: sketch.chain.at(-1) ?? '',
                  line: sketch.chain.length
                }
              }
            ],
      operations: []
    },
    locale: 'en',
    collect: undefined,
    truncated: undefined,
    kbVersion: sketch.kbVersion ?? 'kb-test'
  }
}

/**
 * A fresh temporary folder.
 * @returns Its path and a function that removes it.
 */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'remedy-store-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
