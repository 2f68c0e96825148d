import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import { loadKb } from '../../src/kb/load.ts'
import { lintKb } from '../../src/lint/index.ts'
import type { Kb } from '../../src/kb/types.ts'
import { autocomplete, chatInput } from '../fake-discord/interactions.ts'
import { body, evalLog, ROOT, sentMessages, startHarness } from './harness.ts'
import type { Harness } from './harness.ts'

const EPHEMERAL = 64
const MANAGE_GUILD = '32'
const ARTICLE = 'zenoh-multicast-bind-failed'

let h: Harness
let kb: Kb
let dir: string

beforeAll(async () => {
  // A copy of the KB, so that /kb-admin reload can be shown a broken article without touching kb/.
  dir = mkdtempSync(join(tmpdir(), 'remedy-kb-'))
  cpSync(resolve(ROOT, 'kb'), dir, { recursive: true })
  kb = (await loadKb(dir)).kb
  h = await startHarness({ KB_DIR: dir })
})

afterAll(async () => {
  await h.close()
  rmSync(dir, { recursive: true, force: true })
})

const show = (value: string, focused = false) => [
  {
    name: 'show',
    type: 1,
    options: [
      { name: 'article', type: 3, value, ...(focused ? { focused } : {}) }
    ]
  }
]

describe('/kb autocomplete', () => {
  it.each([
    // The exact id comes first (fuse.js ranks it, search puts exact ids on top).
    [ARTICLE, ARTICLE],
    // A prefix of the id still finds it first.
    ['zenoh-multicast-bind', ARTICLE]
  ])('should offer %s first for "%s"', async (typed, first) => {
    const { requests } = await h.send(autocomplete('kb', show(typed, true)))
    const sent = body(requests[0])
    expect(sent.type).toBe(8)
    const choices = sent.data?.choices ?? []
    expect(choices[0]?.value).toBe(first)
    expect(choices.length).toBeLessThanOrEqual(25)
  })

  it('should offer at most 25 choices with names of at most 100 characters, for an empty query too', async () => {
    for (const typed of ['', 'a', 'dora']) {
      const { requests } = await h.send(autocomplete('kb', show(typed, true)))
      const choices = body(requests[0]).data?.choices ?? []
      expect(choices.length).toBeGreaterThan(0)
      expect(choices.length).toBeLessThanOrEqual(25)
      for (const choice of choices) {
        expect(choice.name.length).toBeLessThanOrEqual(100)
        expect(kb.articles.some((article) => article.id === choice.value)).toBe(
          true
        )
      }
    }
  })

  it('should rank a title word: "multicast" first offers an article with multicast in its title', async () => {
    const { requests } = await h.send(
      autocomplete('kb', [
        {
          name: 'search',
          type: 1,
          options: [
            { name: 'query', type: 3, value: 'multicast', focused: true }
          ]
        }
      ])
    )
    const first = body(requests[0]).data?.choices?.[0]
    expect(first?.name.toLowerCase()).toContain('multicast')
  })
})

describe('/kb show and /kb search', () => {
  it('should show an article with its steps', async () => {
    const article = kb.articles.find((item) => item.id === ARTICLE)
    const { requests } = await h.send(chatInput('kb', show(ARTICLE)))
    const [message] = sentMessages(requests)
    expect(message?.flags).toBe(EPHEMERAL)
    expect(message?.embeds?.[0]?.title).toBe(article?.content.title)
    expect(message?.embeds?.[0]?.description).toBe(article?.content.summary)
    expect(message?.components).toBeUndefined()
  })

  it('should show <port>, never the example value or template syntax, for an article without a log', async () => {
    const { requests } = await h.send(chatInput('kb', show('addr-in-use')))
    const [message] = sentMessages(requests)
    const text = JSON.stringify(message?.embeds)
    expect(text).toContain(':<port>')
    expect(text).not.toContain('{{')
    expect(text).not.toContain(':7447')
  })

  it('should refuse an unknown article with a next step', async () => {
    const { requests } = await h.send(chatInput('kb', show('no-such-article')))
    expect(body(requests[0]).data?.content).toBe(
      t('en-US', 'unknownArticle', { id: 'no-such-article' })
    )
  })

  it('should list search hits with their ids', async () => {
    const { requests } = await h.send(
      chatInput('kb', [
        {
          name: 'search',
          type: 1,
          options: [{ name: 'query', type: 3, value: ARTICLE }]
        }
      ])
    )
    const [message] = sentMessages(requests)
    expect(message?.embeds?.[0]?.fields?.[0]?.value).toContain(`\`${ARTICLE}\``)
  })
})

describe('/kb-admin reload', () => {
  it('should refuse members without Manage Server', async () => {
    const { requests } = await h.send(
      chatInput('kb-admin', [{ name: 'reload', type: 1 }])
    )
    expect(body(requests[0]).data?.content).toBe(t('en-US', 'reloadDenied'))
  })

  const LINT_ONLY = [
    '---',
    'id: lint-only-broken',
    'title: A test article whose example does not match it',
    'summary: Loads fine, but its example log cannot match its signature, so lint fails.',
    'tags: [test]',
    'signatures:',
    '  - text: this text never appears in the example',
    '    weight: 1',
    'examples:',
    '  match:',
    '    - something entirely different happened',
    '---',
    '',
    '# A test article whose example does not match it',
    '',
    '## Symptoms',
    '',
    'Nothing.',
    '',
    '## Cause',
    '',
    'A test.',
    '',
    '## Fix',
    '',
    '1. Nothing to do.',
    '',
    '## Verify',
    '',
    'Nothing.',
    ''
  ].join('\n')

  it.each([
    [
      'a frontmatter that does not parse',
      'broken-article.md',
      '---\nid: broken-article\ntitle: [unclosed\n---\n# Broken\n'
    ],
    [
      'an example that does not match (caught by lint only)',
      'lint-only-broken.md',
      LINT_ONLY
    ]
  ])(
    'should keep the old KB serving when the new one has %s, and show the errors',
    async (_name, file, text) => {
      const before = h.bot.services.kb().kb.version
      writeFileSync(join(dir, 'dora', file), text)
      try {
        const errors = (await lintKb(dir)).findings.filter(
          (finding) => finding.fatal === true
        )
        expect(errors.length).toBeGreaterThan(0)
        const { requests } = await h.send(
          chatInput('kb-admin', [{ name: 'reload', type: 1 }], {
            permissions: MANAGE_GUILD
          })
        )
        expect(body(requests[0])).toEqual({
          type: 5,
          data: { flags: EPHEMERAL }
        })
        const edit = body(requests[1])
        expect(edit.content?.split('\n')[0]).toBe(
          t('en-US', 'reloadFailed', { count: errors.length })
        )
        expect(edit.content).toContain(`\`dora/${file}:`)
        expect(edit.content).not.toContain(dir)
        expect(h.bot.services.kb().kb.version).toBe(before)
        const still = await h.send(
          chatInput('diagnose', [
            { name: 'log', type: 3, value: evalLog('dora-001') }
          ])
        )
        expect(sentMessages(still.requests)[0]?.embeds?.[0]?.footer?.text).toBe(
          ARTICLE
        )
      } finally {
        rmSync(join(dir, 'dora', file))
      }
    }
  )

  it('should reload a KB without errors', async () => {
    const { requests } = await h.send(
      chatInput('kb-admin', [{ name: 'reload', type: 1 }], {
        permissions: MANAGE_GUILD
      })
    )
    const { kb: fresh } = await loadKb(dir)
    expect(body(requests[1]).content).toBe(
      t('en-US', 'reloaded', {
        count: fresh.articles.filter((a) => !a.draft).length,
        version: fresh.version
      })
    )
  })
})
