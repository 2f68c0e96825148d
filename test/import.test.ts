/**
 * `remedy import` end to end: the founding analysis (read from ../shared/seed, beside the
 * repository; those tests are skipped, and say so, when it is not there) and write-ups of our own in
 * test/fixtures/import become drafts whose sections, steps and clues are checked, which lint reports
 * as drafts with what they lack, and which — with drafts included — answer the logs of their problem.
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importCommand, MAX_WRITEUP_BYTES } from '../src/cli/commands/import.ts'
import {
  importWriteup,
  TARGET_SECTIONS,
  type Target
} from '../src/import/index.ts'
import remarkFrontmatter from 'remark-frontmatter'
import remarkParse from 'remark-parse'
import { unified } from 'unified'
import { lintCommand } from '../src/cli/commands/lint.ts'
import { diagnoseCommand } from '../src/cli/commands/diagnose.ts'
import {
  IMPORT_EMPTY,
  IMPORT_EXISTS,
  IMPORT_ID_FOR_MANY,
  IMPORT_INTO_INDEX,
  IMPORT_NOT_TEXT,
  IMPORT_TOO_LARGE,
  INVALID_KEBAB_OPTION,
  INVALID_LOCALE_OPTION
} from '../src/errors.ts'
import { KB_FORMAT_VERSION, loadKb, type Finding } from '../src/kb/load.ts'
import { lintKb } from '../src/lint/index.ts'
import type { Article, Clue } from '../src/kb/types.ts'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher } from '../src/match/matcher.ts'
import { evalLog } from './eval-set.ts'
import { SEED_FILE as SEED, sharedPresent, skipNote } from './shared-data.ts'
import { runCommand } from './store/cli.ts'

const root = join(import.meta.dirname, '..')
const HAS_SEED = sharedPresent(
  SEED,
  'the remedy import tests of the founding analysis'
)
const SKIPPED = skipNote(SEED)
const ENGLISH = join(
  root,
  'test',
  'fixtures',
  'import',
  'coordinator-port-in-use.md'
)
const ZH_WRITEUP = join(
  root,
  'test',
  'fixtures',
  'import',
  'python-module-not-found.zh.md'
)
const FOUNDING_LOG = evalLog('dora-001')

const dirs: string[] = []
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'remedy-import-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

/** A copy of the shipped KB without some articles (and their translations). */
function kbWithout(...ids: string[]): string {
  const dir = temp()
  cpSync(join(root, 'kb'), dir, { recursive: true })
  for (const collection of readdirSync(dir, { withFileTypes: true }).filter(
    (entry) => entry.isDirectory()
  )) {
    for (const name of readdirSync(join(dir, collection.name))) {
      if (ids.some((id) => name === `${id}.md` || name.startsWith(`${id}.`)))
        rmSync(join(dir, collection.name, name))
    }
  }
  return dir
}

interface Imported {
  kbDir: string
  out: string
  article: Article
  file: string
  findings: Finding[]
}

async function importInto(
  kbDir: string,
  file: string,
  extra: string[] = []
): Promise<Imported> {
  const run = await runCommand(
    importCommand,
    ['import', file, '--out', kbDir, ...extra],
    { cwd: root }
  )
  expect(run.err).toBe('')
  expect(run.code).toBe(0)
  const path = /^Drafted (\S+)/.exec(run.out)?.[1] ?? ''
  // What `remedy lint` finds, examples included.
  const { kb, findings } = await lintKb(kbDir)
  const article = kb.articles.find(
    (item) => join(kbDir, item.content.path) === join(root, path)
  )
  if (article === undefined)
    throw new Error(`test: no draft at ${path}\n${run.out}`)
  return {
    kbDir,
    out: run.out,
    article,
    file: join(root, path),
    findings: findings.filter((finding) => finding.file === join(root, path))
  }
}

function clueKinds(clues: Clue[]): string[] {
  return clues.map((clue) => clue.kind)
}

describe.skipIf(!HAS_SEED)(
  `remedy import of the founding analysis (Chinese plain text)${SKIPPED}`,
  () => {
    let imported: Imported
    beforeAll(async () => {
      imported = await importInto(temp(), SEED, ['--collection', 'dora'])
    })

    it('should write a zh-CN draft into the collection, naming its source', () => {
      const { article, file } = imported
      expect(article.draft).toBe(true)
      expect(article.collection).toBe('dora')
      expect(article.content.locale).toBe('zh-CN')
      expect(article.content.title).toBe(
        'Dora项目在WSL环境下的UDP多播问题分析与解决方案'
      )
      const text = readFileSync(file, 'utf8')
      // The source as given, relative to the working folder: ../shared/seed/… beside the repository.
      expect(text.split('\n').slice(0, 5)).toEqual([
        '---',
        expect.stringMatching(/^id: [a-z0-9-]+$/),
        'status: draft',
        'locale: zh-CN',
        `source: ${relative(root, SEED)}`
      ])
      expect(relative(root, SEED)).toMatch(
        /^(\.\.\/)+shared\/seed\/founding-analysis\.zh\.txt$/
      )
    })

    it("should hold the analysis's four solutions, in their order, as the Fix list with the command kept", () => {
      const steps = imported.article.content.steps
      expect(steps.map((step) => /^(\S+?):/.exec(step.text)?.[1])).toEqual([
        '升级WSL版本',
        '安全软件配置',
        '网络接口检查',
        '系统重启'
      ])
      expect(
        steps.map((step) => step.code.map((block) => block.value))
      ).toEqual([[], [], ['ifconfig | grep MULTICAST'], []])
      expect(steps[3]?.text).toBe(
        '系统重启: 在修改网络配置后,建议重启系统使更改生效。'
      )
    })

    it('should put the problem and the technical analysis under Cause, the background under Symptoms, the rest under Notes', () => {
      const { content } = imported.article
      expect(content.cause).toContain(
        '这个问题源于WSL的网络实现机制与原生Linux系统的差异'
      )
      expect(content.cause).toContain('### 技术分析')
      expect(content.cause).toContain('224.0.0.224属于IPv4的D类地址')
      expect(content.cause).toContain('- WSL 1.x对多播支持不完善')
      expect(content.symptoms).toContain('无法绑定224.0.0.224:7446端口')
      expect(content.notes).toMatch(
        /### 最佳实践[\s\S]*- 优先使用WSL 2\.x版本[\s\S]*### 总结/
      )
      expect(readFileSync(imported.file, 'utf8')).not.toContain('## Unsorted')
    })

    it('should propose EADDRNOTAVAIL from os error 99 and the multicast address with port 7446', () => {
      const { signatures } = imported.article
      expect(signatures).toContainEqual(
        expect.objectContaining({ kind: 'errno', values: ['EADDRNOTAVAIL'] })
      )
      expect(signatures).toContainEqual(
        expect.objectContaining({
          kind: 'address',
          classes: ['multicast'],
          ports: [7446]
        })
      )
      expect(signatures).toContainEqual(
        expect.objectContaining({ kind: 'product', name: 'dora' })
      )
      expect(imported.out).toContain('OS error EADDRNOTAVAIL')
      expect(imported.out).toContain('from os error 99 (linux)')
      expect(imported.out).toMatch(
        /multicast address on port 7446 +0\.35 +from 224\.0\.0\.224:7446/
      )
    })

    it('should show where each section went', () => {
      expect(imported.out).toMatch(/背景介绍 +→ Symptoms\n/)
      expect(imported.out).toMatch(/问题本质 +→ Cause\n/)
      expect(imported.out).toMatch(
        /技术分析 +→ Cause \(details\), under ### 技术分析\n/
      )
      expect(imported.out).toMatch(
        /解决方案 +→ Fix: 4 step\(s\), 1 with a command\n/
      )
      expect(imported.out).toMatch(/最佳实践 +→ Notes/)
      expect(imported.out).toMatch(/总结 +→ Notes/)
    })

    it('should be linted as a draft with its missing pieces listed, and no error', () => {
      const rules = imported.findings.map((finding) => finding.ruleId)
      expect(
        imported.findings.filter((finding) => finding.fatal === true)
      ).toEqual([])
      expect(rules.sort()).toEqual([
        'draft',
        'draft-english',
        'draft-example',
        'draft-section-empty',
        'draft-step-command'
      ])
      const reasons = imported.findings
        .map((finding) => finding.reason)
        .join('\n')
      expect(reasons).toContain('steps 1, 2, 4')
      expect(reasons).toContain('Missing text under `## Verify`')
      expect(imported.out).toContain('Still missing (npx remedy lint says):')
      expect(imported.out).toContain('Missing English version')
    })

    it('should be left out of the served KB unless drafts are asked for', async () => {
      const kb = (await loadKb(imported.kbDir)).kb
      expect(diagnose(createMatcher(kb), FOUNDING_LOG).verdict).toBe('none')
      expect(
        diagnose(createMatcher(kb, { drafts: true }), FOUNDING_LOG).matches[0]
          ?.id
      ).toBe(imported.article.id)
      const lint = await runCommand(
        lintCommand,
        ['lint', '--kb', imported.kbDir],
        { cwd: root }
      )
      expect(lint.code).toBe(0)
      expect(lint.out).toContain(
        '1 articles (1 draft, not served), 0 examples: 0 errors, 5 warnings'
      )
    })
  }
)

describe.skipIf(!HAS_SEED)(
  `the imported founding draft, with drafts included${SKIPPED}`,
  () => {
    let kbDir: string
    let id: string
    beforeAll(async () => {
      // The shipped KB, with the draft in place of the hand-written founding article.
      kbDir = kbWithout('zenoh-multicast-bind-failed')
      id = (await importInto(kbDir, SEED, ['--collection', 'dora'])).article.id
    })

    const cases: [string, string][] = [
      ['the WSL log of dora issue 889', FOUNDING_LOG],
      [
        'macOS, os error 49',
        "Error: failed to open zenoh session\nCaused by:\n   0: Unable to bind UDP port 224.0.0.224:7446 - Caused by Can't assign requested address (os error 49)\nLocation: /Users/ana/.cargo/registry/src/index.crates.io-6f17d22bba15001f/dora-daemon-0.3.11/src/lib.rs:280:18"
      ],
      [
        'Chinese Windows, os error 10049',
        'PS C:\\Users\\wei> dora up\n[ERROR]\nfailed to run dora-daemon\nCaused by:\n   0: failed to open zenoh session\n   1: Unable to bind UDP port 224.0.0.224:7446 - Caused by 在其上下文中，该请求的地址无效。 (os error 10049)'
      ]
    ]
    for (const [name, log] of cases) {
      it(`should rank the draft first for ${name}`, async () => {
        const file = join(kbDir, '..', `${id}-${name.length}.log`)
        writeFileSync(file, log)
        const answer = await runCommand(
          diagnoseCommand,
          ['diagnose', '--kb', kbDir, '--drafts', '--json', file],
          { cwd: root }
        )
        const diagnosis = JSON.parse(answer.out) as {
          verdict: string
          matches: { id: string }[]
        }
        expect(diagnosis.matches[0]?.id).toBe(id)
        expect(diagnosis.verdict).toBe('match')
        // Without --drafts the draft never answers.
        const served = await runCommand(
          diagnoseCommand,
          ['diagnose', '--kb', kbDir, '--json', file],
          { cwd: root }
        )
        expect(
          (JSON.parse(served.out) as { matches: { id: string }[] }).matches.map(
            (match) => match.id
          )
        ).not.toContain(id)
      })
    }
  }
)

describe.skipIf(!HAS_SEED)(
  `the imported founding draft next to the published founding article${SKIPPED}`,
  () => {
    it('should point at the published article, which still answers first: it has the hand-tuned clues', async () => {
      const full = temp()
      cpSync(join(root, 'kb'), full, { recursive: true })
      const { out, article } = await importInto(full, SEED, [
        '--collection',
        'dora'
      ])
      expect(out).toMatch(/\n {2}zenoh-multicast-bind-failed \(\d+%\) /)
      const diagnosis = diagnose(
        createMatcher((await loadKb(full)).kb, { drafts: true }),
        FOUNDING_LOG,
        { top: 5 }
      )
      expect(diagnosis.matches[0]?.id).toBe('zenoh-multicast-bind-failed')
      expect(diagnosis.others.map((match) => match.id)).toContain(article.id)
    })

    it('should answer the founding log from the folder it was imported into, with --drafts', async () => {
      const dir = temp()
      const { article } = await importInto(join(dir, 'kb'), SEED, [
        '--collection',
        'dora'
      ])
      const log = join(dir, 'dora-889.log')
      writeFileSync(log, FOUNDING_LOG)
      const answer = await runCommand(
        diagnoseCommand,
        ['diagnose', '--kb', join(dir, 'kb'), '--drafts', log],
        { cwd: root }
      )
      expect(answer.out).toMatch(
        new RegExp(
          `^This log matches a known problem\\.\\n\\nMatches \\(\\d+%\\): Dora项目在WSL环境下的UDP多播问题分析与解决方案 {2}\\[${article.id}\\]\\n`
        )
      )
      expect(answer.out).toContain(
        ' 3. **网络接口检查**: 验证WSL网络接口是否支持多播:'
      )
    })
  }
)

describe('remedy import of an English Markdown write-up', () => {
  let imported: Imported
  beforeAll(async () => {
    imported = await importInto(kbWithout('port-already-in-use'), ENGLISH)
  })

  it('should go to the collection of its product, in English, with an id from its title', () => {
    expect(imported.article.collection).toBe('dora')
    expect(imported.article.content.locale).toBe('en')
    expect(imported.article.id).toBe(
      'dora-run-failed-start-embedded-coordinator'
    )
  })

  it('should make the numbered Solution list the Fix steps, keeping their code blocks', () => {
    const steps = imported.article.content.steps
    expect(steps.map((step) => step.text.slice(0, 30))).toEqual([
      'Find out what holds the coordi',
      'If it is a dora up you still n',
      'Otherwise stop the old coordin',
      'If two people must run at once'
    ])
    expect(steps.map((step) => step.code.map((block) => block.value))).toEqual([
      ["ss -ltnp | grep -E ':(6013|53290)\\b'"],
      // The fence the author did not indent under item 2 belongs to it.
      ['dora start dataflow.yml --attach'],
      ['dora destroy\ndora run dataflow.yml'],
      []
    ])
  })

  it('should put Problem and Root cause under Cause, Verification under Verify, and what it cannot place under Unsorted', () => {
    const { content } = imported.article
    expect(content.cause).toContain('stops before any node starts')
    expect(content.cause).toContain('### Root cause')
    expect(content.cause).toContain(
      'The embedded coordinator listens on a fixed port'
    )
    expect(content.verify).toContain('shows a single dora process on the port')
    expect(content.related).toContain(
      '[dora CLI documentation](https://dora-rs.ai/docs/guides/)'
    )
    const text = readFileSync(imported.file, 'utf8')
    expect(text).toMatch(
      /## Unsorted\n\n<!--[^\n]*-->\n\n### Timeline\n\n- 2025-03-02: first seen/
    )
    expect(imported.article.content.summary).toBe(
      'The embedded coordinator listens on a fixed port (6013 in dora 1.0, 53290 on dora 0.3.13).'
    )
  })

  it('should turn the log in a code block into an example and propose its stable words as a clue', () => {
    expect(
      imported.article.examples.match.map((example) => example.log)
    ).toEqual([
      expect.stringContaining('1: Address already in use (os error 98)')
    ])
    const { signatures } = imported.article
    expect(clueKinds(signatures)).toEqual(['text', 'text', 'errno', 'product'])
    expect(signatures[0]).toMatchObject({
      kind: 'text',
      values: ['failed to start ws server']
    })
    expect(signatures[1]).toMatchObject({
      kind: 'text',
      values: ['failed to start embedded coordinator']
    })
    expect(signatures[2]).toMatchObject({
      kind: 'errno',
      values: ['EADDRINUSE']
    })
    expect(imported.out).toContain('versions named: dora 0.3.13')
  })

  it('should be linted as a draft: its example answers it, and what it lacks is listed', () => {
    expect(
      imported.findings.filter((finding) => finding.fatal === true)
    ).toEqual([])
    // Step 4 names its option inline (`--coordinator-port`), which counts as a command.
    expect(imported.findings.map((finding) => finding.ruleId).sort()).toEqual([
      'draft',
      'draft-unsorted'
    ])
    expect(imported.out).toContain('Unexpected text under `## Unsorted`')
  })

  it('should show the log under Symptoms when no section says what the user sees', () => {
    expect(imported.article.content.symptoms).toMatch(
      /^<!-- The log the write-up shows[^\n]*-->\n\n```text\n\$ dora run dataflow\.yml\n\[ERROR\]\nfailed to start embedded coordinator\n/
    )
  })

  it('should answer a log it has never seen, with drafts included', () => {
    const kb = createMatcher(
      { ...emptyKb(), articles: [imported.article] },
      { drafts: true }
    )
    const log =
      'ana@lab:~/robot$ dora run robot.yml\nError: failed to start embedded coordinator\n\nCaused by:\n    0: failed to start WS server\n    1: Address already in use (os error 98)'
    const diagnosis = diagnose(kb, log)
    expect(diagnosis.verdict).toBe('match')
    expect(diagnosis.matches[0]?.id).toBe(imported.article.id)
  })

  it('should tell its author when an article of the KB already answers its example', async () => {
    const full = temp()
    cpSync(join(root, 'kb'), full, { recursive: true })
    const { findings, out } = await importInto(full, ENGLISH)
    expect(out).toMatch(
      /\nAlready in the KB\? The write-up itself brings up these published articles:\n {2}port-already-in-use \(\d+%\)/
    )
    // The shipped port-already-in-use article wins the draft's own example.
    expect(findings.map((finding) => finding.reason)).toContainEqual(
      expect.stringMatching(
        /^Unexpected `port-already-in-use` \([\d.]+\) ranked first for a `match` example/
      )
    )
    expect(findings.filter((finding) => finding.fatal === true)).toEqual([])
  })
})

function emptyKb(): Parameters<typeof createMatcher>[0] {
  return {
    formatVersion: KB_FORMAT_VERSION,
    version: 'test',
    articles: [],
    guides: []
  }
}

describe('remedy import of other kinds of write-up', () => {
  const cases: {
    file: string
    id: string
    locale: string
    sections: [string, string][]
    steps: number
    withCommand: number
    examples: number
    firstClue: { text: string; weight: number }
    /** What lint says the draft still lacks. */
    missing: string[]
  }[] = [
    {
      file: 'docker-multicast.txt',
      id: 'dora-daemon-fails-in-docker-os',
      locale: 'en',
      // Plain text with `Name:` headings, indented commands and an indented log.
      sections: [
        ['Symptoms', 'symptoms'],
        ['Cause', 'cause'],
        ['Fix', 'fix'],
        ['How to check', 'verify']
      ],
      steps: 3,
      withCommand: 2,
      examples: 1,
      firstClue: { text: 'unable to bind udp port', weight: 0.5 },
      missing: ['draft-step-command']
    },
    {
      file: 'python-module-not-found.zh.md',
      id: 'modulenotfounderror-no-module-named-dora',
      locale: 'zh-CN',
      // Markdown whose sections are `一、问题描述` lines, with the title in its frontmatter.
      sections: [
        ['一、问题描述', 'symptoms'],
        ['二、原因分析', 'cause'],
        ['三、解决步骤', 'fix'],
        ['四、验证', 'verify']
      ],
      steps: 2,
      withCommand: 2,
      examples: 1,
      firstClue: {
        text: "modulenotfounderror: no module named 'dora",
        weight: 0.5
      },
      // Its frontmatter's date is kept under Unsorted.
      missing: ['draft-english', 'draft-unsorted']
    },
    {
      file: 'issue-stop-race.md',
      id: 'dora-start-hangs-and-then-prints',
      locale: 'en',
      // An issue with bold lines for headings and the message in inline code.
      sections: [
        ['Describe the bug', 'symptoms'],
        ['To Reproduce', 'symptoms'],
        ['Workaround', 'fix'],
        ['Environment', 'intro']
      ],
      steps: 1,
      withCommand: 1,
      examples: 0,
      firstClue: {
        text: 'Error: no running dataflow with name robot',
        weight: 0.4
      },
      // No cause section: no summary, no cause; no log, no verification.
      missing: [
        'draft-example',
        'draft-section-empty',
        'draft-section-empty',
        'draft-todo'
      ]
    }
  ]
  for (const expected of cases) {
    it(`should draft ${expected.file}`, async () => {
      const dir = temp()
      const { article, findings, out } = await importInto(
        dir,
        join(root, 'test', 'fixtures', 'import', expected.file),
        ['--collection', 'dora']
      )
      expect(article.id).toBe(expected.id)
      expect(article.content.locale).toBe(expected.locale)
      for (const [heading, target] of expected.sections)
        expect(out).toMatch(
          new RegExp(
            `\\n {2}${heading} +→ ${TARGET_SECTIONS[target as Target].replace(/[()]/g, '\\$&')}`
          )
        )
      expect(article.content.steps).toHaveLength(expected.steps)
      expect(
        article.content.steps.filter((step) => step.code.length > 0)
      ).toHaveLength(expected.withCommand)
      expect(article.examples.match).toHaveLength(expected.examples)
      expect(
        readFileSync(join(dir, 'dora', `${expected.id}.md`), 'utf8')
      ).toContain(`signatures:\n  # Proposed by remedy import`)
      expect(findings.filter((finding) => finding.fatal === true)).toEqual([])
      expect(
        findings
          .map((finding) => finding.ruleId)
          .filter((rule) => rule !== 'draft')
          .sort()
      ).toEqual(expected.missing)
      const { kb } = await loadKb(dir)
      expect(kb.articles[0]?.signatures[0]).toMatchObject({
        kind: 'text',
        values: [expected.firstClue.text],
        weight: expected.firstClue.weight
      })
    })
  }
})

describe('remedy import details', () => {
  it('should read Windows line endings as line endings', () => {
    const { markdown } = importWriteup(
      readFileSync(ENGLISH, 'utf8').replace(/\n/g, '\r\n'),
      { path: 'crlf.md' }
    )
    expect(markdown).not.toContain('\r')
    expect(markdown).toContain(
      '\n1. Find out what holds the coordinator port:\n'
    )
  })

  it('should keep the heading of every intro section, and mark steps written for one platform', async () => {
    const text =
      '# Title here\n\n## Environment\n\n- Ubuntu 22.04\n\n## Symptoms\n\nIt fails.\n\n## Fix\n\n### Windows\n\nRun `wsl --shutdown`.\n\n### Linux\n\nRun `sudo systemctl restart dora`.\n'
    const { markdown, report } = importWriteup(text, {
      path: 'w.md',
      id: 'platform-steps'
    })
    expect(markdown).toContain('\n### Environment\n\n- Ubuntu 22.04\n')
    const dir = temp()
    mkdirSync(join(dir, 'demo'))
    writeFileSync(join(dir, 'demo', `${report.id}.md`), markdown)
    const steps = (await loadKb(dir)).kb.articles[0]?.content.steps ?? []
    expect(
      steps.map((step) => [step.applies.platforms, step.code.length, step.text])
    ).toEqual([
      [['windows'], 0, 'Windows Run wsl --shutdown.'],
      [['linux'], 0, 'Linux Run sudo systemctl restart dora.']
    ])
  })
})

describe('remedy import names and comments', () => {
  it('should make an id from a short title, and a title from the file name without its extension', () => {
    expect(
      importWriteup('# Hi\n\nIt fails with "Address already in use".\n', {
        path: 'notes/w.md'
      }).report
    ).toMatchObject({ title: 'TODO: what a user would recognise', id: 'w' })
    expect(
      importWriteup('```text\nok\n```\n', { path: 'notes/port-clash.md' })
        .report
    ).toMatchObject({ title: 'port-clash', id: 'port-clash' })
    // Standard input has no name: the title is left for the author, and lint points at it.
    const piped = importWriteup('# Fix\n\nRun `dora up`.\n', { path: '-' })
    expect(piped.report).toMatchObject({
      title: 'TODO: what a user would recognise',
      id: 'imported-article',
      steps: 1
    })
    expect(piped.markdown).toContain('\nsource: stdin\n')
  })

  it('should keep its comments closed whatever the path holds, and never halve a character', () => {
    const { markdown } = importWriteup(
      `# ${'😀'.repeat(300)}\n\n## Fix\n\n1. Restart.\n`,
      { path: 'notes/a--->b.md' }
    )
    for (const line of markdown
      .split('\n')
      .filter((text) => text.includes('<!--')))
      expect(line.match(/-->/g)).toHaveLength(1)
    expect(markdown).not.toContain('\uFFFD')
    expect(markdown).toMatch(/\ntitle: 😀{255}…\n/u)
  })
})

describe('remedy import loses nothing', () => {
  const parseMarkdown = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
  const words = (text: string): Set<string> =>
    new Set(text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [])
  /** The text of a Markdown document, one leaf (text, code, link URL …) at a time. */
  const leaves = (markdown: string): string => {
    const out: string[] = []
    const visit = (node: {
      value?: unknown
      url?: unknown
      children?: unknown[]
    }): void => {
      if (typeof node.value === 'string') out.push(node.value)
      if (typeof node.url === 'string') out.push(node.url)
      for (const child of node.children ?? []) visit(child as typeof node)
    }
    visit(parseMarkdown.parse(markdown))
    return out.join(' ')
  }
  const files = [
    SEED,
    ENGLISH,
    ...readdirSync(join(root, 'test', 'fixtures', 'import')).map((name) =>
      join(root, 'test', 'fixtures', 'import', name)
    )
  ]
  for (const file of [...new Set(files)]) {
    const skip = file === SEED && !HAS_SEED
    it.skipIf(skip)(
      `should keep every word of ${relative(root, file)} in the draft${skip ? SKIPPED : ''}`,
      () => {
        const text = readFileSync(file, 'utf8')
        const { markdown, report } = importWriteup(text, { path: file })
        // List numbers are structure: the draft numbers its steps itself.
        const source =
          report.format === 'markdown'
            ? leaves(text)
            : text.replace(/^\s*\d{1,2}[.)]\s/gm, '')
        const kept = words(leaves(markdown))
        // A heading that names a section is replaced by the section's own name; its words may go.
        const renamed = words(
          report.sections.map((section) => section.heading).join(' ')
        )
        expect(
          [...words(source)].filter(
            (word) => !kept.has(word) && !renamed.has(word)
          )
        ).toEqual([])
      }
    )
  }
})

describe('remedy import refusals', () => {
  it('should not overwrite an article, and say how to go on', async () => {
    // An empty folder has no collection guides: the draft goes to drafts/.
    const dir = temp()
    await importInto(dir, ENGLISH)
    const again = await runCommand(
      importCommand,
      ['import', ENGLISH, '--out', dir],
      { cwd: root }
    )
    expect(again.code).toBe(1)
    expect(again.err).toBe(
      `remedy: ${IMPORT_EXISTS(relative(root, join(dir, 'drafts', 'dora-run-failed-start-embedded-coordinator.md')))}\n`
    )
  })

  it('should refuse a binary file and a bad id, writing nothing', async () => {
    const dir = temp()
    const binary = join(dir, 'photo.png')
    writeFileSync(
      binary,
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe])
    )
    const run = await runCommand(
      importCommand,
      ['import', binary, '--out', join(dir, 'kb')],
      { cwd: root }
    )
    expect(run.code).toBe(2)
    expect(run.err).toBe(`remedy: ${IMPORT_NOT_TEXT(binary)}\n`)
    const bad = await runCommand(
      importCommand,
      ['import', ENGLISH, '--id', 'Not An Id', '--out', join(dir, 'kb')],
      { cwd: root }
    )
    expect(bad.code).toBe(2)
    expect(bad.err).toBe(
      `remedy: ${INVALID_KEBAB_OPTION('--id', 'Not An Id')}\n`
    )
    expect(readdirSync(dir)).toEqual(['photo.png'])
  })

  it('should refuse an empty file', async () => {
    const dir = temp()
    const empty = join(dir, 'empty.md')
    writeFileSync(empty, ' \n\n')
    const run = await runCommand(
      importCommand,
      ['import', empty, '--out', join(dir, 'kb')],
      { cwd: root }
    )
    expect(run.code).toBe(2)
    expect(run.err).toBe(`remedy: ${IMPORT_EMPTY(empty)}\n`)
    expect(readdirSync(dir)).toEqual(['empty.md'])
  })

  it('should refuse a file too large to be a write-up, and a locale that is not one', async () => {
    const dir = temp()
    const big = join(dir, 'huge.md')
    writeFileSync(big, 'x'.repeat(MAX_WRITEUP_BYTES + 1))
    const run = await runCommand(
      importCommand,
      ['import', big, '--out', join(dir, 'kb')],
      { cwd: root }
    )
    expect(run.code).toBe(2)
    expect(run.err).toBe(
      `remedy: ${IMPORT_TOO_LARGE(big, MAX_WRITEUP_BYTES)}\n`
    )
    const locale = await runCommand(
      importCommand,
      ['import', ENGLISH, '--locale', 'english', '--out', join(dir, 'kb')],
      { cwd: root }
    )
    expect(locale.code).toBe(2)
    expect(locale.err).toBe(`remedy: ${INVALID_LOCALE_OPTION('english')}\n`)
    expect(readdirSync(dir)).toEqual(['huge.md'])
  })

  it('should never take the id of an article in another collection, even with --force', async () => {
    const full = temp()
    cpSync(join(root, 'kb'), full, { recursive: true })
    const run = await runCommand(
      importCommand,
      [
        'import',
        ENGLISH,
        '--id',
        'port-already-in-use',
        '--collection',
        'drafts',
        '--force',
        '--out',
        full
      ],
      { cwd: root }
    )
    expect(run.code).toBe(1)
    expect(run.err).toBe(
      `remedy: ${IMPORT_EXISTS('port-already-in-use (an article of the KB)')}\n`
    )
    expect(readdirSync(full)).not.toContain('drafts')
    // Two write-ups that would get one id in one run: the second is refused.
    const twice = await runCommand(
      importCommand,
      [
        'import',
        ENGLISH,
        join(root, 'test', 'fixtures', 'import', 'coordinator-port-in-use.md'),
        '--out',
        join(full, 'x')
      ],
      { cwd: root }
    )
    expect(twice.code).toBe(1)
    expect(twice.out.match(/^Drafted /gm)).toHaveLength(1)
  })

  it('should refuse to write into a KB index, saying to pass a folder', async () => {
    const run = await runCommand(importCommand, ['import', ENGLISH], {
      cwd: root,
      env: { KB_DIR: 'dist/kb.json' }
    })
    expect(run.code).toBe(2)
    expect(run.err).toBe(`remedy: ${IMPORT_INTO_INDEX('dist/kb.json')}\n`)
  })

  it('should replace an article only with --force', async () => {
    const dir = temp()
    await importInto(dir, ENGLISH, ['--collection', 'dora'])
    const forced = await runCommand(
      importCommand,
      ['import', ENGLISH, '--collection', 'dora', '--out', dir, '--force'],
      { cwd: root }
    )
    expect(forced.code).toBe(0)
    expect(readdirSync(join(dir, 'dora'))).toEqual([
      'dora-run-failed-start-embedded-coordinator.md'
    ])
  })

  it('should print one JSON object with --json, and take --locale and --id', async () => {
    // A Chinese write-up (it would be zh-CN) drafted as English under an id of our choosing.
    const dir = temp()
    const run = await runCommand(
      importCommand,
      [
        'import',
        ZH_WRITEUP,
        '--collection',
        'dora',
        '--id',
        'python-node-venv',
        '--locale',
        'en',
        '--out',
        dir,
        '--json'
      ],
      { cwd: root }
    )
    expect(run.code).toBe(0)
    const result = JSON.parse(run.out) as {
      path: string
      collection: string
      report: { id: string; locale: string; steps: number }
      similar: unknown[]
      findings: { rule: string; fatal: boolean }[]
    }
    expect(result.path).toBe(
      relative(root, join(dir, 'dora', 'python-node-venv.md'))
    )
    expect(result.collection).toBe('dora')
    expect(result.report).toMatchObject({
      id: 'python-node-venv',
      locale: 'en',
      steps: 2
    })
    expect(result.similar).toEqual([])
    expect(result.findings.map((finding) => finding.rule).sort()).toEqual([
      'draft',
      'draft-unsorted'
    ])
  })

  it('should draft several write-ups at once, going on past one it cannot read', async () => {
    const dir = temp()
    const files = [
      ENGLISH,
      join(dir, 'missing.md'),
      join(root, 'test', 'fixtures', 'import', 'docker-multicast.txt')
    ]
    const run = await runCommand(
      importCommand,
      ['import', ...files, '--out', join(dir, 'kb'), '--collection', 'dora'],
      { cwd: root }
    )
    expect(run.code).toBe(2)
    expect(run.err).toMatch(/^remedy: cli: cannot read `[^`]*missing\.md`/)
    expect(run.out.match(/^Drafted /gm)).toHaveLength(2)
    expect(readdirSync(join(dir, 'kb', 'dora')).sort()).toEqual([
      'dora-daemon-fails-in-docker-os.md',
      'dora-run-failed-start-embedded-coordinator.md'
    ])
    const many = await runCommand(
      importCommand,
      [
        'import',
        ENGLISH,
        ZH_WRITEUP,
        '--id',
        'one-id',
        '--out',
        join(dir, 'kb2')
      ],
      { cwd: root }
    )
    expect(many.code).toBe(2)
    expect(many.err).toBe(`remedy: ${IMPORT_ID_FOR_MANY(2)}\n`)
  })

  it('should print the draft with --out - and write nothing', async () => {
    const run = await runCommand(
      importCommand,
      ['import', ENGLISH, '--out', '-', '--id', 'port-clash'],
      { cwd: root }
    )
    expect(run.code).toBe(0)
    expect(run.out).toMatch(/^---\nid: port-clash\nstatus: draft\nlocale: en\n/)
    expect(run.out).toContain(
      '\n## Fix\n\n1. Find out what holds the coordinator port:\n'
    )
    const json = await runCommand(
      importCommand,
      ['import', ENGLISH, '--out', '-', '--json'],
      { cwd: root }
    )
    const printed = JSON.parse(json.out) as {
      source: string
      report: { id: string }
      markdown: string
    }
    expect(printed).toMatchObject({
      source: 'test/fixtures/import/coordinator-port-in-use.md',
      report: { id: 'dora-run-failed-start-embedded-coordinator' }
    })
    expect(printed.markdown).toMatch(
      /^---\nid: dora-run-failed-start-embedded-coordinator\n/
    )
  })
})
