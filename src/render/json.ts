/**
 * @module render/json
 * The JSON form of a diagnosis: what `remedy diagnose --json` prints and `POST /api/diagnose` returns.
 */
import type { Diagnosis, ImageReading } from '../match/types.ts'

export interface DiagnosisJson {
  verdict: Diagnosis['verdict']
  matches: {
    id: string
    title: string
    summary: string
    collection: string
    locale: string
    path: string
    confidence: number
    evidence: { line: number; text: string; clue: string }[]
    steps: {
      n: number
      text: string
      markdown: string
      code: string[]
      applies: string
      note?: string
      scope?: string
    }[]
  }[]
  others: { id: string; title: string; confidence: number }[]
  facts: Diagnosis['facts']
  collect?: {
    reason: string
    collection: string
    title: string
    steps: { n: number; text: string; code: string[] }[]
  }
  truncated?: { omittedBytes: number; omittedLines: number }
  kbVersion: string
  /**
   * Present when the log was read from an image: the recognised text and the values to check; each
   * version, address and errno fact carries its `certainty`.
   */
  image?: ImageReading
}

/**
 * Turn a diagnosis into its JSON object.
 * @param diagnosis What the engine found.
 * @returns A plain object, stable in shape.
 */
export function toJson(diagnosis: Diagnosis): DiagnosisJson {
  return {
    verdict: diagnosis.verdict,
    matches: diagnosis.matches.map((match) => ({
      id: match.id,
      title: match.title,
      summary: match.summary,
      collection: match.collection,
      locale: match.locale,
      path: match.path,
      confidence: match.confidence,
      evidence: match.evidence
        .filter((item) => item.line > 0)
        .map(({ line, text, clue }) => ({ line, text, clue })),
      steps: match.steps.map((step) => ({
        n: step.n,
        text: step.text,
        markdown: step.markdown,
        code: step.blocks.map((block) => block.value),
        applies: step.applies,
        ...(step.appliesNote === undefined ? {} : { note: step.appliesNote }),
        ...(step.scope === undefined ? {} : { scope: step.scope })
      }))
    })),
    others: diagnosis.others.map((match) => ({
      id: match.id,
      title: match.title,
      confidence: match.confidence
    })),
    facts: diagnosis.facts,
    ...(diagnosis.collect
      ? {
          collect: {
            reason: diagnosis.collect.reason,
            collection: diagnosis.collect.collection,
            title: diagnosis.collect.title,
            steps: diagnosis.collect.steps.map((step) => ({
              n: step.n,
              text: step.text,
              code: step.blocks.map((block) => block.value)
            }))
          }
        }
      : {}),
    ...(diagnosis.truncated ? { truncated: diagnosis.truncated } : {}),
    kbVersion: diagnosis.kbVersion,
    ...(diagnosis.image ? { image: diagnosis.image } : {})
  }
}
