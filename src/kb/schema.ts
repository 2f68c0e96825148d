/**
 * @module kb/schema
 * The frontmatter contract of an article, a translation and a collection guide (see kb/README.md),
 * validated with zod; signature clues are read by `readClues`, which names the offending key.
 */
import validRange from 'semver/ranges/valid.js'
import { z } from 'zod'
import { clueSyntaxes, type Clue } from './clues/index.ts'
import type {
  ClueCommon,
  ClueIssue,
  ClueReader,
  ClueSyntax,
  YamlPath
} from './clues/types.ts'
import { PLATFORMS } from './types.ts'

/** An article id, which is also its file name: kebab-case. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** A locale: `en`, `zh-CN`, `zh-Hant`. */
export const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Z]{2}|-[A-Z][a-z]{3})?$/

const id = z.string().regex(ID_PATTERN, 'a kebab-case id')
const locale = z.string().regex(LOCALE_PATTERN, 'a locale such as zh-CN')
const range = z
  .string()
  .refine(
    (value) => validRange(value, { includePrerelease: true }) !== null,
    'an npm semver range such as ">=0.3.10"'
  )
const example = z.union([
  z.string().min(1),
  z.strictObject({ log: z.string().min(1), why: z.string().optional() }),
  z.strictObject({ file: z.string().min(1), why: z.string().optional() })
])

export const articleSchema = z
  .strictObject({
    id,
    title: z.string().min(3).max(256),
    summary: z
      .string()
      .min(10)
      .max(300)
      .refine((value) => !value.includes('\n'), 'one line'),
    tags: z.array(z.string().min(1)).default([]),
    /** `draft`: linted with its missing pieces listed, never served unless asked (`--drafts`). */
    status: z.enum(['published', 'draft']).default('published'),
    /** The language the article is written in. */
    locale: locale.default('en'),
    /** Where an imported article came from (`remedy import`). */
    source: z.string().min(1).optional(),
    applies_to: z
      .strictObject({
        platforms: z.array(z.enum(PLATFORMS)).default([]),
        versions: z.record(z.string(), range).default({})
      })
      .default({ platforms: [], versions: {} }),
    // A draft may come without a clue (`remedy gaps` found none specific enough): lint says it lacks one.
    signatures: z.array(z.unknown()),
    examples: z
      .strictObject({
        match: z.array(example).default([]),
        no_match: z.array(example).default([])
      })
      .default({ match: [], no_match: [] })
  })
  .superRefine((data, ctx) => {
    if (data.status !== 'draft' && data.signatures.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['signatures'],
        message: 'at least one clue'
      })
  })
export type ArticleFrontmatter = z.infer<typeof articleSchema>

export const translationSchema = z.strictObject({
  id,
  locale,
  title: z.string().min(1).max(256),
  summary: z.string().min(1).max(300),
  tags: z.array(z.string()).optional()
})

export const guideSchema = z.strictObject({
  collection: id,
  locale: z.string().optional(),
  title: z.string().min(1).max(256),
  products: z.array(z.string()).default([])
})

/** A problem found while reading clues, with the YAML path to the offending value. */
export type { ClueIssue } from './clues/types.ts'

const COMMON_KEYS = ['weight', 'required']

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value]
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Read a list of clues from frontmatter.
 * @param value The raw `signatures` value.
 * @param path Where it is in the frontmatter (for messages).
 * @param syntaxes The clue kinds that may be written (default: the registry of `kb/clues/`); a test or
 * a tool can add a kind of its own here.
 * @returns The clues that could be read and the issues found.
 */
export function readClues(
  value: unknown,
  path: YamlPath = ['signatures'],
  syntaxes: readonly ClueSyntax[] = clueSyntaxes
): { clues: Clue[]; issues: ClueIssue[] } {
  const issues: ClueIssue[] = []
  const clues: Clue[] = []
  const byId = new Map(syntaxes.map((syntax) => [syntax.id, syntax]))
  list(value).forEach((raw, index) => {
    const clue = readClue(raw, [...path, index], issues, byId)
    // A kind added by the caller is carried as a `Clue`: only the registry looks inside a clue.
    if (clue) clues.push(clue as Clue)
  })
  return { clues, issues }
}

function readClue(
  raw: unknown,
  path: YamlPath,
  issues: ClueIssue[],
  syntaxes: Map<string, ClueSyntax>
): ClueCommon | undefined {
  if (!isRecord(raw)) {
    issues.push({
      path,
      message: `Unexpected ${Array.isArray(raw) ? 'list' : typeof raw}, expected a clue such as \`{errno: EADDRINUSE}\``
    })
    return undefined
  }
  const keys = Object.keys(raw)
  const extraOf = (key: string): readonly string[] =>
    syntaxes.get(key)?.extraKeys ?? []
  // `port` next to `address` narrows the address; it is not a second clue.
  const kinds = keys.filter(
    (key) =>
      syntaxes.has(key) &&
      !keys.some((other) => other !== key && extraOf(other).includes(key))
  )
  const kind = kinds[0]
  const syntax = kind === undefined ? undefined : syntaxes.get(kind)
  if (kinds.length !== 1 || kind === undefined || syntax === undefined) {
    issues.push({
      path,
      message:
        kinds.length === 0
          ? `Unexpected clue without a kind, expected one of ${[...syntaxes.keys()].map((k) => `\`${k}\``).join(', ')}`
          : `Unexpected clue with ${kinds.map((k) => `\`${k}\``).join(' and ')}, expected one kind per clue (combine them with \`all\`)`
    })
    return undefined
  }
  for (const key of keys) {
    if (
      key !== kind &&
      !COMMON_KEYS.includes(key) &&
      !syntax.extraKeys.includes(key)
    ) {
      issues.push({
        path: [...path, key],
        message: `Unexpected key \`${key}\` in a \`${kind}\` clue, expected ${[kind, ...syntax.extraKeys, ...COMMON_KEYS].map((k) => `\`${k}\``).join(', ')}`
      })
    }
  }
  const weight = raw.weight ?? 0.5
  if (typeof weight !== 'number' || weight < 0 || weight > 2) {
    issues.push({
      path: [...path, 'weight'],
      message: `Unexpected weight \`${JSON.stringify(weight)}\`, expected a number from 0 to 2`
    })
  }
  const required = raw.required ?? false
  if (typeof required !== 'boolean')
    issues.push({
      path: [...path, 'required'],
      message: 'Unexpected `required`, expected true or false'
    })
  const value = raw[kind]
  const at = [...path, kind]
  const issue = (where: YamlPath, message: string): void => {
    issues.push({ path: where, message })
  }
  const reader: ClueReader = {
    path,
    at,
    issue,
    strings(what) {
      const values = list(value)
      if (
        values.length === 0 ||
        values.some((item) => typeof item !== 'string' || item.trim() === '')
      ) {
        issue(at, `Unexpected \`${kind}\` value, expected ${what}`)
        return []
      }
      return values as string[]
    },
    ports(input, where) {
      const values = list(input)
      if (
        values.some(
          (item) =>
            typeof item !== 'number' ||
            !Number.isInteger(item) ||
            item < 0 ||
            item > 65535
        )
      ) {
        issue(
          where,
          'Unexpected port, expected a whole number from 0 to 65535 or a list of them'
        )
        return []
      }
      return values as number[]
    },
    clue: (inner, where) => readClue(inner, where, issues, syntaxes),
    clues(inner) {
      if (!Array.isArray(inner) || inner.length === 0) {
        issue(
          at,
          `Unexpected \`${kind}\` value, expected a non-empty list of clues`
        )
        return undefined
      }
      return inner
        .map((item: unknown, index) =>
          readClue(item, [...at, index], issues, syntaxes)
        )
        .filter((item): item is ClueCommon => item !== undefined)
    }
  }
  const read = syntax.read(value, raw, reader)
  if (read === undefined) return undefined
  const { label, ...fields } = read
  return {
    kind,
    ...fields,
    weight: typeof weight === 'number' ? weight : 0.5,
    required: required === true,
    label
  }
}
