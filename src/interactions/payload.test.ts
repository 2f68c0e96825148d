import { describe, expect, it } from 'vitest'
import type { Labels, Reply, ReplyArticle, ReplyStep } from '../render/types.ts'
import {
  answerComponents,
  answerMessages,
  chunkMarkdown,
  customId,
  embedSize,
  LIMITS,
  stepText
} from './payload.ts'
import { CUSTOM_ID_TOO_LONG } from '../errors.ts'

const labels: Labels = {
  why: 'Why this matches',
  steps: 'Fix',
  cause: 'Cause',
  verify: 'Verify',
  ifNotHelped: 'If this did not help',
  otherMatches: 'Other matches',
  collect: 'What to collect',
  doesNotApply: 'does not apply',
  fixed: 'Fixed it',
  notHelpful: "Didn't help",
  postPublicly: 'Post publicly',
  noMatch: 'No known article matches this log.',
  searchHint: 'Try /kb search.',
  searchHintTerminal: 'Try remedy search.'
}

function step(
  n: number,
  markdown: string,
  extra: Partial<ReplyStep> = {}
): ReplyStep {
  return {
    n,
    markdown,
    text: markdown,
    code: [],
    applies: 'yes',
    note: undefined,
    scope: undefined,
    ...extra
  }
}

function article(
  steps: ReplyStep[],
  extra: Partial<ReplyArticle> = {}
): ReplyArticle {
  return {
    id: 'big-article',
    title: 'A big article',
    summary: 'One line.',
    confidence: 0.9,
    confidenceLabel: 'Matches',
    confidenceWord: 'match',
    url: undefined,
    path: 'test/big-article.md',
    locale: 'en',
    evidence: [
      {
        line: 3,
        text: 'Error: boom <@123> @everyone token=ghp_abcdefghijklmnopqrstuvwxyz0123456789',
        clue: 'text "boom"'
      }
    ],
    steps,
    cause: '',
    verify: '',
    ifNotHelped: '',
    ...extra
  }
}

function reply(articles: ReplyArticle[], extra: Partial<Reply> = {}): Reply {
  return {
    verdict: 'match',
    locale: 'en',
    headline: 'This log matches a known problem.',
    articles,
    others: [],
    collect: undefined,
    notes: [],
    labels,
    ...extra
  }
}

/** Every check Discord makes on a message we send. */
function expectWithinLimits(
  message: ReturnType<typeof answerMessages>[number]
): void {
  const embeds = message.embeds ?? []
  expect(embeds.length).toBeLessThanOrEqual(LIMITS.embedsPerMessage)
  expect(
    embeds.reduce((sum, embed) => sum + embedSize(embed), 0)
  ).toBeLessThanOrEqual(LIMITS.totalPerMessage)
  for (const embed of embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title)
    expect(embed.description?.length ?? 0).toBeLessThanOrEqual(
      LIMITS.description
    )
    expect(embed.fields?.length ?? 0).toBeLessThanOrEqual(LIMITS.fields)
    for (const field of embed.fields ?? []) {
      expect(field.name.length).toBeGreaterThan(0)
      expect(field.name.length).toBeLessThanOrEqual(LIMITS.fieldName)
      expect(field.value.length).toBeLessThanOrEqual(LIMITS.fieldValue)
      // Balanced fences: a field never leaves a code block open.
      expect((field.value.match(/```/g) ?? []).length % 2).toBe(0)
    }
  }
  expect(message.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content)
}

describe('answerMessages', () => {
  it.each([
    ['a few short steps', 3, 80],
    ['many medium steps (over 25 fields)', 40, 700],
    ['long steps (over 6,000 characters)', 12, 2500]
  ])(
    'should keep %s within Discord limits and never drop a step',
    (_name, count, length) => {
      const steps = Array.from({ length: count }, (_, i) =>
        step(
          i + 1,
          `Step ${i + 1} starts. ${'word '.repeat(length / 5)}\n\n\`\`\`sh\necho step-${i + 1}-end\n\`\`\``
        )
      )
      const messages = answerMessages(reply([article(steps)]), {
        stateId: 'abc',
        ephemeral: true
      })
      for (const message of messages) expectWithinLimits(message)
      const text = messages
        .flatMap((m) => m.embeds ?? [])
        .flatMap((e) => (e.fields ?? []).map((f) => f.value))
        .join('\n')
      for (let n = 1; n <= count; n++) {
        expect(text).toContain(`**${n}.**`)
        expect(text).toContain(`echo step-${n}-end`)
      }
      // The buttons sit on the first message only.
      expect(messages[0]?.components?.length).toBe(1)
      expect(messages.slice(1).every((m) => m.components === undefined)).toBe(
        true
      )
      if (length * count > LIMITS.totalPerMessage)
        expect(messages.length).toBeGreaterThan(1)
    }
  )

  it('should redact, neutralise mentions in, and fence the evidence lines', () => {
    const [message] = answerMessages(reply([article([step(1, 'Do it.')])]), {
      stateId: 'abc',
      ephemeral: false
    })
    const why = message?.embeds?.[0]?.fields?.[0]?.value ?? ''
    expect(why).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789')
    expect(why).not.toContain('<@123>')
    expect(why).not.toMatch(/@everyone/)
    expect(why.startsWith('```text\n')).toBe(true)
  })

  it('should show buttons by verdict and flags', () => {
    const withOthers = reply([article([step(1, 'Do it.')])], {
      others: [
        {
          id: 'other',
          title: 'Other',
          confidence: 0.5,
          confidenceLabel: 'Possibly'
        }
      ]
    })
    const ids = (ephemeral: boolean, r: Reply) =>
      answerComponents(r, { stateId: 'abc', ephemeral }).flatMap((row) =>
        row.components.map((c) => ('custom_id' in c ? c.custom_id : ''))
      )
    expect(ids(true, withOthers)).toEqual([
      'r1:fix:abc',
      'r1:nohelp:abc',
      'r1:other:abc',
      'r1:pub:abc'
    ])
    expect(ids(false, reply([article([step(1, 'x')])]))).toEqual([
      'r1:fix:abc',
      'r1:nohelp:abc'
    ])
    const candidates = reply(
      [article([step(1, 'x')]), article([step(1, 'y')], { id: 'second' })],
      {
        verdict: 'candidates'
      }
    )
    expect(ids(true, candidates)).toEqual([
      'r1:pick:abc',
      'r1:fix:abc',
      'r1:nohelp:abc',
      'r1:pub:abc'
    ])
  })

  it('should answer "none" without buttons', () => {
    const [message] = answerMessages(
      reply([], {
        verdict: 'none',
        headline: 'No known article matches this log.'
      }),
      {
        stateId: 'abc',
        ephemeral: true
      }
    )
    expect(message?.components).toBeUndefined()
    expect(message?.content).toBe('**No known article matches this log.**')
    expect(message?.flags).toBe(64)
  })
})

describe('stepText', () => {
  it.each([
    [
      step(2, 'Turn it off.', { scope: 'dora >=0.3.10' }),
      '**2.** `dora >=0.3.10` Turn it off.'
    ],
    [
      step(3, 'Use the flag.', {
        applies: 'no',
        note: 'needs dora >=1.0.0; the log shows 0.3.10'
      }),
      '**3.** *(does not apply: needs dora >=1.0.0; the log shows 0.3.10)* Use the flag.'
    ],
    // Code blocks missing from the Markdown are added; those already in it are not repeated.
    [
      step(1, 'Run:', { code: [{ lang: 'sh', value: 'dora --version' }] }),
      '**1.** Run:\n```sh\ndora --version\n```'
    ],
    [
      step(1, 'Run:\n\n```sh\ndora --version\n```', {
        code: [{ lang: 'sh', value: 'dora --version' }]
      }),
      '**1.** Run:\n\n```sh\ndora --version\n```'
    ]
  ])('should render step %# as Discord Markdown', (input, expected) => {
    expect(stepText(input, labels)).toBe(expected)
  })
})

describe('chunkMarkdown', () => {
  it('should split on lines and reopen a code fence cut in two', () => {
    const code = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n')
    const chunks = chunkMarkdown(`Intro\n\`\`\`sh\n${code}\n\`\`\`\nOutro`, 100)
    for (const chunk of chunks) {
      expect(chunk.length).toBeLessThanOrEqual(100)
      expect((chunk.match(/```/g) ?? []).length % 2).toBe(0)
    }
    const joined = chunks.join('\n')
    for (let i = 0; i < 30; i++) expect(joined).toContain(`line ${i}\n`)
    expect(chunks.at(-1)?.endsWith('Outro')).toBe(true)
    expect(chunks.slice(1).every((chunk) => !chunk.startsWith('Intro'))).toBe(
      true
    )
  })

  it('should cut a line longer than a chunk into pieces, dropping nothing', () => {
    const long = 'x'.repeat(250)
    const chunks = chunkMarkdown(long, 100)
    expect(chunks.join('')).toBe(long)
    expect(chunks.every((chunk) => chunk.length <= 100)).toBe(true)
  })

  it('should not end a chunk on the line that opens a fence', () => {
    const chunks = chunkMarkdown(
      `${'a'.repeat(80)}\n\`\`\`sh\necho hi\n\`\`\``,
      90
    )
    expect(chunks).toEqual(['a'.repeat(80), '```sh\necho hi\n```'])
  })

  it('should give nothing for empty text', () => {
    expect(chunkMarkdown('  \n', 100)).toEqual([])
  })
})

describe('customId', () => {
  it('should build r1:<action>:<args> and refuse more than 100 characters', () => {
    expect(customId('fix', 'abc')).toBe('r1:fix:abc')
    const long = 'x'.repeat(100)
    expect(() => customId('pub', long)).toThrow(
      CUSTOM_ID_TOO_LONG(`r1:pub:${long}`)
    )
  })
})
