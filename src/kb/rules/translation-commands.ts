/**
 * `translation-commands`: A translation keeps its article's commands (code blocks and inline code) in every step, in the same order.
 */
import { PLACEHOLDER_SOURCE } from '../captures.ts'
import { article, TRANSLATION } from './fixture.ts'
import type { Step } from '../types.ts'
import type { LintRule } from './types.ts'

/** Comment lines and trailing ` # comments` of a code block: a translation may translate them. */
const COMMENT_LINE = /^\s*(?:#|\/\/|::|rem\s)/i
const TRAILING_COMMENT = /\s+#\s.*$/
/** A placeholder's default may be localised (`{{port|<端口>}}`): commands compare by its name. */
const PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE, 'gi')
const byName = (text: string): string =>
  text.replace(PLACEHOLDER, (_, name: string) => `{{${name}}}`)

/**
 * The commands of a step: its code blocks without their comments, and its inline code.
 * @param step A fix step.
 * @returns The code blocks' commands, in order, and the inline code, as written but for the
 * placeholders' defaults (a translation may localise them).
 */
export function commandsOf(step: Step): { blocks: string[]; inline: string[] } {
  const prose = byName(step.markdown).replace(
    /^\s*(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\s*\1\s*$/gm,
    ''
  )
  return {
    blocks: step.code.map((block) =>
      block.value
        .split('\n')
        .filter((line) => !COMMENT_LINE.test(line))
        .map((line) => line.replace(TRAILING_COMMENT, '').trimEnd())
        .filter((line) => line.trim() !== '')
        .map(byName)
        .join('\n')
    ),
    inline: [...prose.matchAll(/`([^`\n]+)`/g)].map((match) => match[1] ?? '')
  }
}

/** A step of a translation whose commands differ from its article's. */
export type CommandDifference =
  | { step: number; found: string; expected: string }
  | { step: number; missing: string }

/**
 * Compare a translation's steps with its article's. Code blocks are the commands to run: the same,
 * in the same order (their comments may be translated). Inline code sits in prose whose word order
 * is the language's: each of the original's must be there, in any order.
 * @param original The article's steps.
 * @param translated The translation's steps (as many: `translation-steps` checks the count).
 * @returns For each step that differs, its number and the first code block found and expected, or
 * the first inline code it lacks.
 */
export function differentCommands(
  original: Step[],
  translated: Step[]
): CommandDifference[] {
  const shown = (command: string | undefined, what: string): string =>
    command === undefined ? `no ${what}` : `${what} \`${command}\``
  return translated.flatMap((step, index): CommandDifference[] => {
    const want = original[index]
    if (want === undefined) return []
    const expected = commandsOf(want)
    const found = commandsOf(step)
    const length = Math.max(expected.blocks.length, found.blocks.length)
    for (let k = 0; k < length; k++)
      if (found.blocks[k] !== expected.blocks[k])
        return [
          {
            step: index + 1,
            found: shown(found.blocks[k], 'code block'),
            expected: shown(expected.blocks[k], 'code block')
          }
        ]
    const left = [...found.inline]
    for (const command of expected.inline) {
      const at = left.indexOf(command)
      if (at < 0) return [{ step: index + 1, missing: command }]
      left.splice(at, 1)
    }
    return []
  })
}

export const translationCommands = {
  id: 'translation-commands',
  fatal: true,
  description:
    "A translation keeps its article's commands: in every step the same code blocks in the same order (their comments may be translated), and all of its inline code.",
  messages: {
    command: (step: number, found: string, expected: string, path: string) =>
      `Unexpected ${found} in step ${step}, expected ${expected} as in \`${path}\``,
    inline: (command: string, step: number, path: string) =>
      `Missing inline code \`${command}\` in step ${step}, expected it as in \`${path}\``
  },
  examples: [
    {
      name: 'a translated command',
      ok: {
        'demo/port-in-use.md': article(),
        'demo/port-in-use.zh-CN.md': TRANSLATION
      },
      notOk: {
        'demo/port-in-use.md': article(),
        'demo/port-in-use.zh-CN.md': TRANSLATION.replace(
          'ss -ltnp',
          'netstat -ltnp'
        )
      },
      messages: [
        'demo/port-in-use.zh-CN.md:1:1: Unexpected code block `netstat -ltnp` in step 1, expected code block `ss -ltnp` as in `demo/port-in-use.md`'
      ]
    },
    {
      name: 'inline code dropped',
      ok: {
        'demo/port-in-use.md': article([
          'and stop it:',
          'and stop it with `kill`:'
        ]),
        'demo/port-in-use.zh-CN.md': TRANSLATION.replace(
          '并停止它',
          '并用 `kill` 停止它'
        )
      },
      notOk: {
        'demo/port-in-use.md': article([
          'and stop it:',
          'and stop it with `kill`:'
        ]),
        'demo/port-in-use.zh-CN.md': TRANSLATION
      },
      messages: [
        'demo/port-in-use.zh-CN.md:1:1: Missing inline code `kill` in step 1, expected it as in `demo/port-in-use.md`'
      ]
    }
  ]
} satisfies LintRule
