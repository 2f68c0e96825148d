import { readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { normalize } from '../normalize.ts'
import { extractors } from './index.ts'
import type { Extractor } from './types.ts'
import type { Facts } from '../types.ts'

function describeAll<K extends keyof Facts>(
  extractor: Extractor<K>,
  input: string
): string[] {
  return extractor
    .extract(normalize(input))
    .map((fact) => extractor.describe(fact))
}

describe('signal extractors', () => {
  it('should register every extractor file, with its id equal to the file name', () => {
    const files = readdirSync(import.meta.dirname)
      .filter(
        (name) =>
          name.endsWith('.ts') &&
          !name.endsWith('.test.ts') &&
          name !== 'index.ts' &&
          name !== 'types.ts'
      )
      .map((name) => name.replace(/\.ts$/, ''))
      .sort()
    expect(extractors.map((extractor) => extractor.id).sort()).toEqual(files)
  })

  for (const extractor of extractors) {
    describe(extractor.id, () => {
      it('should carry examples, including one that yields nothing', () => {
        expect(extractor.examples.length).toBeGreaterThan(1)
        expect(
          extractor.examples.some((example) => example.output.length === 0)
        ).toBe(true)
      })
      for (const example of extractor.examples) {
        it(`should read ${JSON.stringify(example.input.slice(0, 60))} as ${JSON.stringify(example.output)}`, () => {
          expect(
            describeAll(extractor as Extractor<keyof Facts>, example.input)
          ).toEqual(example.output)
        })
      }
    })
  }
})
