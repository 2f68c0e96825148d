/**
 * @module kb/schema
 * The frontmatter contract of an article, a translation and a collection guide (see kb/README.md),
 * validated with zod; signature clues are read by `readClues`, which names the offending key.
 */
import semver from 'semver'
import { z } from 'zod'
import { isErrnoName } from './errno.ts'
import type { AddressClass, Clue, Platform } from './types.ts'
import { ADDRESS_CLASSES, PLATFORMS } from './types.ts'

/** An article id, which is also its file name: kebab-case. */
export const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
/** A locale: `en`, `zh-CN`, `zh-Hant`. */
export const LOCALE_PATTERN = /^[a-z]{2,3}(?:-[A-Z]{2}|-[A-Z][a-z]{3})?$/

const id = z.string().regex(ID_PATTERN, 'a kebab-case id')
const locale = z.string().regex(LOCALE_PATTERN, 'a locale such as zh-CN')
const range = z
  .string()
  .refine(
    (value) => semver.validRange(value, { includePrerelease: true }) !== null,
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
export interface ClueIssue {
  path: (string | number)[]
  message: string
}

const LEAF_KEYS = [
  'text',
  'regex',
  'errno',
  'address',
  'port',
  'platform',
  'product'
] as const
const GROUP_KEYS = ['all', 'any', 'not'] as const
const COMMON_KEYS = ['weight', 'required']
const EXTRA_KEYS: Record<string, string[]> = {
  address: ['port'],
  product: ['version']
}

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
 * @returns The clues that could be read and the issues found.
 */
export function readClues(
  value: unknown,
  path: (string | number)[] = ['signatures']
): { clues: Clue[]; issues: ClueIssue[] } {
  const issues: ClueIssue[] = []
  const clues: Clue[] = []
  list(value).forEach((raw, index) => {
    const clue = readClue(raw, [...path, index], issues)
    if (clue) clues.push(clue)
  })
  return { clues, issues }
}

function readClue(
  raw: unknown,
  path: (string | number)[],
  issues: ClueIssue[]
): Clue | undefined {
  if (!isRecord(raw)) {
    issues.push({
      path,
      message: `Unexpected ${Array.isArray(raw) ? 'list' : typeof raw}, expected a clue such as \`{errno: EADDRINUSE}\``
    })
    return undefined
  }
  const keys = Object.keys(raw)
  // `port` next to `address` narrows the address; it is not a second clue.
  const kinds = keys.filter(
    (key) =>
      ((LEAF_KEYS as readonly string[]).includes(key) ||
        (GROUP_KEYS as readonly string[]).includes(key)) &&
      !keys.some(
        (other) => other !== key && (EXTRA_KEYS[other] ?? []).includes(key)
      )
  )
  const kind = kinds[0]
  if (kinds.length !== 1 || kind === undefined) {
    issues.push({
      path,
      message:
        kinds.length === 0
          ? `Unexpected clue without a kind, expected one of ${[...LEAF_KEYS, ...GROUP_KEYS].map((k) => `\`${k}\``).join(', ')}`
          : `Unexpected clue with ${kinds.map((k) => `\`${k}\``).join(' and ')}, expected one kind per clue (combine them with \`all\`)`
    })
    return undefined
  }
  for (const key of Object.keys(raw)) {
    if (
      key !== kind &&
      !COMMON_KEYS.includes(key) &&
      !(EXTRA_KEYS[kind] ?? []).includes(key)
    ) {
      issues.push({
        path: [...path, key],
        message: `Unexpected key \`${key}\` in a \`${kind}\` clue, expected ${[kind, ...(EXTRA_KEYS[kind] ?? []), ...COMMON_KEYS].map((k) => `\`${k}\``).join(', ')}`
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
  const common = {
    weight: typeof weight === 'number' ? weight : 0.5,
    required: required === true
  }
  const value = raw[kind]
  const at = [...path, kind]
  const strings = (what: string): string[] => {
    const values = list(value)
    if (
      values.length === 0 ||
      values.some((item) => typeof item !== 'string' || item.trim() === '')
    ) {
      issues.push({
        path: at,
        message: `Unexpected \`${kind}\` value, expected ${what}`
      })
      return []
    }
    return values as string[]
  }
  const numbers = (input: unknown, where: (string | number)[]): number[] => {
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
      issues.push({
        path: where,
        message:
          'Unexpected port, expected a whole number from 0 to 65535 or a list of them'
      })
      return []
    }
    return values as number[]
  }
  switch (kind) {
    case 'text': {
      const values = strings('a non-empty string or a list of them')
      return {
        kind,
        values,
        ...common,
        label: `mentions ${values.map((v) => `"${v}"`).join(' or ')}`
      }
    }
    case 'regex': {
      const [source = ''] = strings('a regular expression')
      try {
        new RegExp(source, 'iu')
      } catch (error) {
        issues.push({
          path: at,
          message: `Unexpected regular expression \`${source}\` (${error instanceof Error ? error.message : String(error)}), expected a valid JavaScript pattern`
        })
      }
      return { kind, source, ...common, label: `matches /${source}/` }
    }
    case 'errno': {
      const values = strings('an errno name such as EADDRINUSE').map((name) =>
        name.toUpperCase()
      )
      for (const name of values)
        if (!isErrnoName(name))
          issues.push({
            path: at,
            message: `Unexpected errno \`${name}\`, expected a canonical name such as \`EADDRINUSE\` or \`EADDRNOTAVAIL\``
          })
      return {
        kind,
        values,
        ...common,
        label: `OS error ${values.join(' or ')}`
      }
    }
    case 'address': {
      const classes = strings('an address class')
      for (const name of classes)
        if (!(ADDRESS_CLASSES as readonly string[]).includes(name))
          issues.push({
            path: at,
            message: `Unexpected address class \`${name}\`, expected one of ${ADDRESS_CLASSES.map((c) => `\`${c}\``).join(', ')}`
          })
      const ports =
        raw.port === undefined ? [] : numbers(raw.port, [...path, 'port'])
      return {
        kind,
        classes: classes as AddressClass[],
        ports,
        ...common,
        label: `${classes.join(' or ')} address${ports.length > 0 ? ` on port ${ports.join(' or ')}` : ''}`
      }
    }
    case 'port': {
      const ports = numbers(value, at)
      return { kind, ports, ...common, label: `port ${ports.join(' or ')}` }
    }
    case 'platform': {
      const values = strings('a platform')
      for (const name of values)
        if (!(PLATFORMS as readonly string[]).includes(name))
          issues.push({
            path: at,
            message: `Unexpected platform \`${name}\`, expected one of ${PLATFORMS.map((p) => `\`${p}\``).join(', ')}`
          })
      return {
        kind,
        values: values as Platform[],
        ...common,
        label: `on ${values.join(' or ')}`
      }
    }
    case 'product': {
      const [name = ''] = strings('a product name such as dora')
      const version = raw.version
      if (
        version !== undefined &&
        (typeof version !== 'string' ||
          semver.validRange(version, { includePrerelease: true }) === null)
      ) {
        issues.push({
          path: [...path, 'version'],
          message: `Unexpected version range \`${JSON.stringify(version)}\`, expected an npm semver range such as \`>=0.3.10\``
        })
      }
      const range = typeof version === 'string' ? version : undefined
      return {
        kind,
        name,
        range,
        ...common,
        label: `${name}${range === undefined ? '' : ` ${range}`}`
      }
    }
    case 'all':
    case 'any': {
      if (!Array.isArray(value) || value.length === 0) {
        issues.push({
          path: at,
          message: `Unexpected \`${kind}\` value, expected a non-empty list of clues`
        })
        return undefined
      }
      const inner = value
        .map((item, index) => readClue(item, [...at, index], issues))
        .filter((item): item is Clue => item !== undefined)
      return {
        kind,
        clues: inner,
        ...common,
        label: inner
          .map((clue) => clue.label)
          .join(kind === 'all' ? ' and ' : ' or ')
      }
    }
    case 'not': {
      const inner = readClue(value, at, issues)
      if (!inner) return undefined
      return { kind, clue: inner, ...common, label: `not ${inner.label}` }
    }
  }
  return undefined
}
