/**
 * @module kb/load
 * Read a knowledge-base folder into a compiled `Kb`: every article, translation and collection guide,
 * with the findings (file:line:col, rule id) of everything that is wrong. Reading never throws for bad
 * content; a missing folder is a thrown error.
 */
import { draft as draftRule } from './rules/draft.ts'
import { draftEnglish } from './rules/draft-english.ts'
import { draftExample } from './rules/draft-example.ts'
import { draftSignature } from './rules/draft-signature.ts'
import { draftSectionEmpty } from './rules/draft-section-empty.ts'
import { draftStepCommand } from './rules/draft-step-command.ts'
import { draftTodo } from './rules/draft-todo.ts'
import { draftUnsorted } from './rules/draft-unsorted.ts'
import { englishVersion } from './rules/english-version.ts'
import { exampleFile } from './rules/example-file.ts'
import { idMatchesFile } from './rules/id-matches-file.ts'
import { relatedLink } from './rules/related-link.ts'
import {
  checkPlaceholders,
  knownCaptures,
  templatePlaceholder
} from './rules/template-placeholder.ts'
import { sectionKnown } from './rules/section-known.ts'
import { sectionMissing } from './rules/section-missing.ts'
import { sectionUnique } from './rules/section-unique.ts'
import { signatureSchema } from './rules/signature-schema.ts'
import {
  differentCommands,
  translationCommands
} from './rules/translation-commands.ts'
import { translationOrphan } from './rules/translation-orphan.ts'
import { translationSteps } from './rules/translation-steps.ts'
import { uniqueId } from './rules/unique-id.ts'
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { RootContent } from 'mdast'
import { toString } from 'mdast-util-to-string'
import { VFile } from 'vfile'
import type { VFileMessage } from 'vfile-message'
import { KB_NOT_FOUND } from '../errors.ts'
import {
  parseMarkdown,
  sliceMarkdown,
  readSteps,
  report,
  validate,
  yamlPlace,
  type ParsedFile,
  type Section,
  type SectionKey
} from './parse.ts'
import {
  articleSchema,
  guideSchema,
  readClues,
  translationSchema
} from './schema.ts'
import { KB_FORMAT_VERSION } from './format.ts'
import type { Article, ArticleContent, Example, Guide, Kb } from './types.ts'

export { KB_FORMAT_VERSION }

export type Finding = VFileMessage

const REQUIRED: SectionKey[] = ['symptoms', 'cause', 'fix', 'verify']
const LOCALE_FILE = /^(.+)\.([a-z]{2,3}(?:-[A-Z]{2}|-[A-Z][a-z]{3})?)\.md$/

interface Source {
  path: string
  rel: string
  collection: string
  name: string
  value: string
}

/** How many KB files are read at once. */
const READ_BATCH = 64

async function listSources(root: string): Promise<Source[]> {
  const sources: Source[] = []
  const collections = (await readdir(root, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort()
  for (const collection of collections) {
    const names = (
      await readdir(join(root, collection), { withFileTypes: true })
    )
      .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
      .map((entry) => entry.name)
      .sort()
    // Read a batch at once (libuv's thread pool reads several files in parallel), kept in name
    // order: one await per file left a 1,000-article KB waiting on each read in turn. Batches keep
    // the files open at once well under the process's limit.
    for (let start = 0; start < names.length; start += READ_BATCH) {
      const read = await Promise.all(
        names.slice(start, start + READ_BATCH).map(async (name) => {
          const path = join(root, collection, name)
          return {
            path,
            rel: relative(root, path).split(sep).join('/'),
            collection,
            name,
            value: await readFile(path, 'utf8')
          }
        })
      )
      sources.push(...read)
    }
  }
  return sources
}

function sectionOf(parsed: ParsedFile, key: SectionKey): Section | undefined {
  return parsed.sections.find((section) => section.key === key)
}

function markdownOf(file: VFile, parsed: ParsedFile, key: SectionKey): string {
  return sliceMarkdown(String(file.value), sectionOf(parsed, key)?.nodes ?? [])
}

/**
 * Check the sections: the required ones are there, each at most once.
 * @param fatal False for a draft: what it lacks is a warning, listed for its author.
 */
function checkSections(file: VFile, parsed: ParsedFile, fatal = true): void {
  for (const key of REQUIRED) {
    if (!sectionOf(parsed, key)) {
      const name = {
        symptoms: 'Symptoms',
        cause: 'Cause',
        fix: 'Fix',
        verify: 'Verify'
      }[key as 'symptoms']
      report(
        file,
        sectionMissing.messages.article(name),
        { line: 1, column: 1 },
        sectionMissing,
        fatal
      )
    }
  }
  const seen = new Set<SectionKey>()
  for (const section of parsed.sections) {
    if (seen.has(section.key))
      report(
        file,
        sectionUnique.messages.second(toString(section.heading)),
        section.heading.position?.start,
        sectionUnique
      )
    seen.add(section.key)
  }
}

function content(
  file: VFile,
  parsed: ParsedFile,
  rel: string,
  locale: string,
  title: string,
  summary: string
): ArticleContent {
  return {
    locale,
    title,
    summary,
    symptoms: markdownOf(file, parsed, 'symptoms'),
    cause: markdownOf(file, parsed, 'cause'),
    verify: markdownOf(file, parsed, 'verify'),
    ifNotHelped: markdownOf(file, parsed, 'ifNotHelped'),
    related: markdownOf(file, parsed, 'related'),
    notes: markdownOf(file, parsed, 'notes'),
    steps: readSteps(file, sectionOf(parsed, 'fix'), 'Fix'),
    path: rel
  }
}

/** Short strings that describe the symptom: code lines and inline code of `## Symptoms`. */
function symptomLines(parsed: ParsedFile): string[] {
  const lines: string[] = []
  const visit = (nodes: RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'code') lines.push(...node.value.split('\n'))
      else if (node.type === 'inlineCode') lines.push(node.value)
      else if ('children' in node) visit(node.children)
    }
  }
  visit(sectionOf(parsed, 'symptoms')?.nodes ?? [])
  const clean = lines.map((line) =>
    line
      .replace(/…|\.\.\./g, ' ')
      .replace(/^\s*\d{1,2}: /, '')
      .replace(/\s+/g, ' ')
      .trim()
  )
  return [
    ...new Set(
      clean.filter(
        (line) =>
          line.length >= 12 &&
          line.length <= 240 &&
          /[a-z\u4e00-\u9fff]{3}/i.test(line) &&
          !/^caused by:?$/i.test(line)
      )
    )
  ]
}

/** The patterns of every regex clue, nested ones included (their named groups are captures). */
function regexSources(clues: unknown): string[] {
  if (Array.isArray(clues)) return clues.flatMap(regexSources)
  if (typeof clues !== 'object' || clues === null) return []
  const own =
    'kind' in clues && clues.kind === 'regex' && 'source' in clues
      ? [String(clues.source)]
      : []
  return [
    ...own,
    ...Object.values(clues).flatMap((value) =>
      typeof value === 'object' ? regexSources(value) : []
    )
  ]
}

function relatedIds(parsed: ParsedFile): string[] {
  const ids: string[] = []
  const visit = (nodes: RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'link') {
        const match = /([a-z0-9-]+)\.md(?:#.*)?$/.exec(node.url)
        if (match?.[1] !== undefined) ids.push(match[1])
      } else if ('children' in node) visit(node.children)
    }
  }
  visit(sectionOf(parsed, 'related')?.nodes ?? [])
  return ids
}

/** What each required section is for, in the findings of a draft that left it empty. */
const SECTION_PURPOSE = {
  symptoms:
    'what the user sees, with the characteristic log lines in a code block',
  cause: 'why it happens, for a newcomer',
  verify: 'how to see that the fix worked'
}

/**
 * What a draft still lacks before it can be served, each as a warning for its author: the draft
 * itself, a missing example log, steps without a command, text left under `## Unsorted`, and an
 * English version when it is written in another language.
 */
function checkDraft(file: VFile, parsed: ParsedFile, article: Article): void {
  report(
    file,
    draftRule.messages.draft(article.id),
    yamlPlace(parsed, ['status']),
    draftRule
  )
  if (article.signatures.length === 0) {
    report(
      file,
      draftSignature.messages.missing(),
      yamlPlace(parsed, ['signatures']),
      draftSignature
    )
  }
  if (article.examples.match.length === 0) {
    report(
      file,
      draftExample.messages.missing(),
      yamlPlace(parsed, ['examples']),
      draftExample
    )
  }
  for (const key of ['title', 'summary'] as const) {
    if (/\bTODO\b/.test(article.content[key]))
      report(
        file,
        draftTodo.messages.todo(
          key,
          key === 'title'
            ? 'what a user would recognise'
            : 'one sentence on the cause'
        ),
        yamlPlace(parsed, [key]),
        draftTodo
      )
  }
  for (const key of ['symptoms', 'cause', 'verify'] as const) {
    const section = sectionOf(parsed, key)
    if (section && section.nodes.every((node) => node.type === 'html')) {
      report(
        file,
        draftSectionEmpty.messages.empty(
          toString(section.heading),
          SECTION_PURPOSE[key]
        ),
        section.heading.position?.start,
        draftSectionEmpty
      )
    }
  }
  // A command in a code block, or inline (`Run \`dora up\``).
  const bare = article.content.steps.flatMap((step, index) =>
    step.code.length === 0 && !/`[^`\n]+`/.test(step.markdown)
      ? [index + 1]
      : []
  )
  if (bare.length > 0) {
    report(
      file,
      draftStepCommand.messages.bare(bare),
      sectionOf(parsed, 'fix')?.heading.position?.start,
      draftStepCommand
    )
  }
  const unsorted = sectionOf(parsed, 'unsorted')
  if (unsorted?.nodes.some((node) => node.type !== 'html')) {
    report(
      file,
      draftUnsorted.messages.unsorted(toString(unsorted.heading)),
      unsorted.heading.position?.start,
      draftUnsorted
    )
  }
  checkEnglish(file, parsed, article.id, article.content.locale, draftEnglish)
}

/** An article not written in English: English readers get this text until there is an English one. */
function checkEnglish(
  file: VFile,
  parsed: ParsedFile,
  id: string,
  locale: string,
  rule: typeof englishVersion | typeof draftEnglish
): void {
  if (locale === 'en') return
  report(
    file,
    rule.messages.missing(id, locale),
    yamlPlace(parsed, ['locale']),
    rule
  )
}

/** A published article keeps nothing under `## Unsorted`, and says when it is not in English. */
function checkPublished(
  file: VFile,
  parsed: ParsedFile,
  id: string,
  locale: string
): void {
  const unsorted = sectionOf(parsed, 'unsorted')
  if (unsorted)
    report(
      file,
      sectionKnown.messages.unsorted(toString(unsorted.heading)),
      unsorted.heading.position?.start,
      sectionKnown
    )
  checkEnglish(file, parsed, id, locale, englishVersion)
}

async function examples(
  file: VFile,
  parsed: ParsedFile,
  source: Source,
  items: unknown[],
  key: 'match' | 'no_match'
): Promise<Example[]> {
  const out: Example[] = []
  for (const [index, item] of items.entries()) {
    const place = yamlPlace(parsed, ['examples', key, index])
    const line = place?.line ?? 1
    if (typeof item === 'string')
      out.push({ log: item, source: source.rel, line })
    else if (
      typeof item === 'object' &&
      item !== null &&
      'log' in item &&
      typeof item.log === 'string'
    )
      out.push({ log: item.log, source: source.rel, line })
    else if (
      typeof item === 'object' &&
      item !== null &&
      'file' in item &&
      typeof item.file === 'string'
    ) {
      try {
        out.push({
          log: await readFile(join(source.path, '..', item.file), 'utf8'),
          source: `${source.rel} (${item.file})`,
          line
        })
      } catch {
        report(
          file,
          exampleFile.messages.unreadable(item.file),
          place,
          exampleFile
        )
      }
    }
  }
  return out
}

/**
 * Read and compile a knowledge-base folder.
 * @param dir The folder that holds the collections (e.g. `kb`).
 * @returns The compiled KB (articles with errors left out) and every finding.
 * @throws When the folder cannot be read.
 */
export async function loadKb(
  dir: string
): Promise<{ kb: Kb; findings: Finding[] }> {
  const info = await stat(dir).catch(() => undefined)
  if (!info?.isDirectory()) throw new Error(KB_NOT_FOUND(dir))
  const sources = await listSources(dir)
  const files: VFile[] = []
  const articles: Article[] = []
  const byId = new Map<string, Article>()
  const fileOf = new Map<Article, VFile>()
  const guides: Guide[] = []
  const translations: {
    source: Source
    file: VFile
    locale: string
    id: string
    content: ArticleContent
    line: number
  }[] = []
  const hash = createHash('sha256')
  /** Files whose `{{…}}` are checked once every article is known (a translation needs its original's groups). */
  const placeholderChecks: {
    file: VFile
    known: (name: string) => boolean
    draft: boolean
  }[] = []

  for (const source of sources) {
    hash.update(source.rel).update('\0').update(source.value).update('\0')
    const file = new VFile({ path: source.path, value: source.value })
    files.push(file)
    const localeMatch = LOCALE_FILE.exec(source.name)
    const base = localeMatch?.[1] ?? source.name.replace(/\.md$/, '')
    const locale = localeMatch?.[2]

    if (base === '_guide') {
      placeholderChecks.push({ file, known: knownCaptures([]), draft: false })
      const parsed = parseMarkdown(file, locale ?? 'en')
      const data = validate(file, parsed, guideSchema)
      if (!data) continue
      const steps = readSteps(file, sectionOf(parsed, 'collect'), 'Collect')
      if (!sectionOf(parsed, 'collect'))
        report(
          file,
          sectionMissing.messages.guide(),
          { line: 1, column: 1 },
          sectionMissing
        )
      let guide = guides.find((item) => item.collection === source.collection)
      if (!guide) {
        guide = { collection: source.collection, products: [], content: {} }
        guides.push(guide)
      }
      if (locale === undefined) guide.products = data.products
      guide.content[locale ?? 'en'] = {
        title: data.title,
        steps,
        path: source.rel
      }
      continue
    }

    if (locale !== undefined) {
      const parsed = parseMarkdown(file, locale)
      const data = validate(file, parsed, translationSchema)
      if (!data) continue
      if (data.id !== base)
        report(
          file,
          idMatchesFile.messages.id(data.id, base),
          yamlPlace(parsed, ['id']),
          idMatchesFile
        )
      if (data.locale !== locale)
        report(
          file,
          idMatchesFile.messages.locale(data.locale, locale),
          yamlPlace(parsed, ['locale']),
          idMatchesFile
        )
      checkSections(file, parsed)
      translations.push({
        source,
        file,
        locale,
        id: base,
        content: content(
          file,
          parsed,
          source.rel,
          locale,
          data.title,
          data.summary
        ),
        line: 1
      })
      continue
    }

    const parsed = parseMarkdown(file)
    const data = validate(file, parsed, articleSchema)
    if (!data) continue
    if (data.id !== base)
      report(
        file,
        idMatchesFile.messages.id(data.id, base),
        yamlPlace(parsed, ['id']),
        idMatchesFile
      )
    const draft = data.status === 'draft'
    const clues = readClues(data.signatures)
    for (const issue of clues.issues)
      report(
        file,
        signatureSchema.messages.clue(issue.message),
        yamlPlace(parsed, issue.path),
        signatureSchema
      )
    checkSections(file, parsed, !draft)
    if (!draft) checkPublished(file, parsed, data.id, data.locale)
    // An ordered list has at least one item, so a Fix without steps was reported by readSteps.
    const body = content(
      file,
      parsed,
      source.rel,
      data.locale,
      data.title,
      data.summary
    )
    const duplicate = byId.get(data.id)
    if (duplicate) {
      report(
        file,
        uniqueId.messages.duplicate(data.id, duplicate.content.path),
        yamlPlace(parsed, ['id']),
        uniqueId
      )
      continue
    }
    if (file.messages.some((message) => message.fatal === true)) continue
    const article: Article = {
      id: data.id,
      collection: source.collection,
      tags: data.tags,
      appliesTo: {
        platforms: data.applies_to.platforms,
        versions: data.applies_to.versions
      },
      signatures: clues.clues,
      examples: {
        match: await examples(
          file,
          parsed,
          source,
          data.examples.match,
          'match'
        ),
        noMatch: await examples(
          file,
          parsed,
          source,
          data.examples.no_match,
          'no_match'
        )
      },
      symptomLines: symptomLines(parsed),
      related: relatedIds(parsed),
      draft,
      content: body,
      translations: {}
    }
    articles.push(article)
    byId.set(article.id, article)
    fileOf.set(article, file)
    if (draft) checkDraft(file, parsed, article)
  }

  for (const translation of translations) {
    const article = byId.get(translation.id)
    if (!article) {
      report(
        translation.file,
        translationOrphan.messages.orphan(translation.id),
        { line: 1, column: 1 },
        translationOrphan
      )
      continue
    }
    const original = article.content.steps
    const steps = translation.content.steps
    if (steps.length !== original.length) {
      report(
        translation.file,
        translationSteps.messages.count(
          steps.length,
          original.length,
          article.content.path
        ),
        { line: 1, column: 1 },
        translationSteps
      )
    } else {
      steps.forEach((step, index) => {
        const same =
          JSON.stringify(step.applies) ===
          JSON.stringify(original[index]?.applies)
        if (!same)
          report(
            translation.file,
            translationSteps.messages.applies(index + 1, article.content.path),
            { line: 1, column: 1 },
            translationSteps
          )
      })
    }
    if (steps.length === original.length)
      for (const difference of differentCommands(original, steps))
        report(
          translation.file,
          'missing' in difference
            ? translationCommands.messages.inline(
                difference.missing,
                difference.step,
                article.content.path
              )
            : translationCommands.messages.command(
                difference.step,
                difference.found,
                difference.expected,
                article.content.path
              ),
          { line: 1, column: 1 },
          translationCommands
        )
    if (!translation.file.messages.some((message) => message.fatal === true))
      article.translations[translation.locale] = translation.content
  }

  for (const article of articles) {
    for (const id of article.related) {
      if (!byId.has(id)) {
        const file = fileOf.get(article)
        if (file)
          report(
            file,
            relatedLink.messages.unknown(id),
            { line: 1, column: 1 },
            relatedLink
          )
      }
    }
  }

  for (const article of articles) {
    const file = fileOf.get(article)
    if (file)
      placeholderChecks.push({
        file,
        known: knownCaptures(regexSources(article.signatures)),
        draft: article.draft
      })
  }
  for (const translation of translations) {
    const article = byId.get(translation.id)
    if (article)
      placeholderChecks.push({
        file: translation.file,
        known: knownCaptures(regexSources(article.signatures)),
        draft: article.draft
      })
  }
  // What is wrong with a draft is a warning for its author (an imported write-up may quote `{{`).
  for (const { file, known, draft } of placeholderChecks)
    for (const finding of checkPlaceholders(String(file.value), known))
      report(
        file,
        finding.reason,
        { line: finding.line, column: finding.column },
        templatePlaceholder,
        templatePlaceholder.fatal && !draft
      )

  return {
    kb: {
      formatVersion: KB_FORMAT_VERSION,
      version: hash.digest('hex').slice(0, 12),
      articles,
      guides
    },
    findings: files.flatMap((file) => file.messages)
  }
}
