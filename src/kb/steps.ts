/**
 * @module kb/steps
 * Read the `<!-- applies: … -->` comment of a fix step and decide whether a step applies to what a
 * log shows.
 */
// semver's functions one by one: its index loads every module it has (~40 ms at each start).
import validRange from 'semver/ranges/valid.js'
import coerce from 'semver/functions/coerce.js'
import Range from 'semver/classes/range.js'
import valid from 'semver/functions/valid.js'
import type { Applicability, Platform } from './types.ts'
import { PLATFORMS } from './types.ts'

const COMMENT = /^<!--\s*applies:\s*([\s\S]*?)\s*-->/

/**
 * Parse an `applies` comment.
 * @param html The raw HTML node value, e.g. `<!-- applies: platform=wsl; dora>=0.3.10 -->`.
 * @returns The applicability, `undefined` when the HTML is not an applies comment, or an error text.
 */
export function parseApplies(
  html: string
): (Applicability & { rest: string }) | { error: string } | undefined {
  const match = COMMENT.exec(html.trim())
  if (match === null) return undefined
  const result: Applicability & { rest: string } = {
    platforms: [],
    versions: {},
    rest: html.trim().slice(match[0].length).trim()
  }
  for (const part of (match[1] ?? '')
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const platform = /^platforms?\s*=\s*(.+)$/.exec(part)
    if (platform) {
      for (const name of (platform[1] ?? '')
        .split(',')
        .map((item) => item.trim())) {
        if (!(PLATFORMS as readonly string[]).includes(name)) {
          return {
            error: `Unexpected platform \`${name}\`, expected one of ${PLATFORMS.map((p) => `\`${p}\``).join(', ')}`
          }
        }
        result.platforms.push(name as Platform)
      }
      continue
    }
    const version = /^([a-z][\w-]*)\s*([<>=~^][^;]*)$/.exec(part)
    if (version?.[1] !== undefined && version[2] !== undefined) {
      const range = version[2].trim()
      if (validRange(range, { includePrerelease: true }) === null) {
        return {
          error: `Unexpected version range \`${range}\` for \`${version[1]}\`, expected an npm semver range such as \`>=0.3.10\``
        }
      }
      result.versions[version[1]] = range
      continue
    }
    return {
      error: `Unexpected \`${part}\` in applies comment, expected \`platform=wsl,docker\` or \`product>=version\``
    }
  }
  return result
}

/** The one wording of each platform, in step badges and in why a step does not apply. */
export const PLATFORM_NAMES: Readonly<Record<Platform, string>> = {
  linux: 'Linux',
  wsl: 'WSL',
  macos: 'macOS',
  windows: 'Windows',
  docker: 'containers'
}

/**
 * Describe an applicability for a badge: the one wording of step scopes (the reply, the JSON answer
 * and the article pages all show this).
 * @param applies What a step says it applies to.
 * @returns e.g. `WSL · dora >=0.3.10`, or undefined when it applies everywhere.
 */
export function describeApplies(applies: Applicability): string | undefined {
  const parts = [
    ...(applies.platforms.length > 0
      ? [
          applies.platforms
            .map((platform) => PLATFORM_NAMES[platform])
            .join(', ')
        ]
      : []),
    ...Object.entries(applies.versions).map(
      ([product, range]) => `${product} ${range}`
    )
  ]
  return parts.length === 0 ? undefined : parts.join(' · ')
}

/**
 * Does a version satisfy a range? Prereleases count (1.0.0-rc.4 satisfies >=1.0.0-rc.3).
 * @param version e.g. `0.3.10`.
 * @param range e.g. `>=0.3.10`.
 * @returns Whether it does; false for versions that do not parse.
 */
export function satisfies(version: string, range: string): boolean {
  const parsed = coerce(version, { includePrerelease: true })
  if (parsed === null) return false
  const compiled = compiledRange(range)
  return compiled !== null && compiled.test(valid(version) ?? parsed.version)
}

const ranges = new Map<string, Range | null>()
/** Bounds the memo of ranges (a KB has a few dozen; a reload may bring new ones). */
const MAX_RANGES = 1_000

/**
 * A range parsed once (a diagnosis checks the same few ranges of the KB's steps for every log), or
 * null when it does not parse; semver's `satisfies` parses it again at every call.
 */
function compiledRange(range: string): Range | null {
  const known = ranges.get(range)
  if (known !== undefined) return known
  let compiled: Range | null
  try {
    compiled = new Range(range, { includePrerelease: true })
  } catch {
    compiled = null
  }
  if (ranges.size >= MAX_RANGES) ranges.clear()
  ranges.set(range, compiled)
  return compiled
}
