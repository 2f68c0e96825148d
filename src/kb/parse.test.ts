import { describe, expect, it } from 'vitest'
import { unwrapSoftBreaks } from './parse.ts'

describe('unwrapSoftBreaks', () => {
  const table: [name: string, input: string, output: string][] = [
    ['join a wrapped paragraph', 'one two\nthree four', 'one two three four'],
    ['keep paragraphs apart', 'one\n\ntwo', 'one\n\ntwo'],
    [
      'leave code blocks alone',
      'run:\n\n```sh\na\nb\n```',
      'run:\n\n```sh\na\nb\n```'
    ],
    ['keep list items', 'steps:\n- a\n- b', 'steps:\n- a\n- b'],
    [
      'join the continuation of a list item',
      '- a long\n  item',
      '- a long item'
    ],
    ['keep a hard break', 'one  \ntwo', 'one  \ntwo'],
    ['keep table rows', '| a |\n| b |', '| a |\n| b |'],
    ['join Chinese without a space', '这是第一行\n第二行', '这是第一行第二行']
  ]
  for (const [name, input, output] of table) {
    it(`should ${name}`, () => {
      expect(unwrapSoftBreaks(input)).toBe(output)
    })
  }
})
