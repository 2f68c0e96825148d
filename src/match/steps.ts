/**
 * @module match/steps
 * Make an article's fix steps concrete for one log: fill captured values into `{{name|default}}`
 * placeholders, and mark steps whose platform or version does not fit what the log shows.
 */
import { describeApplies, PLATFORM_NAMES, satisfies } from '../kb/steps.ts'
import type { Platform, Step } from '../kb/types.ts'
import type { Facts, StepResult } from './types.ts'

const PLACEHOLDER = /\{\{\s*([a-z][\w]{0,40})\s*(?:\|([^}]{0,200}))?\}\}/gi

/**
 * Fill `{{name}}` and `{{name|default}}` placeholders.
 * @param text Markdown or code.
 * @param captures Named values from the log.
 * @returns The text; a placeholder without a value or default keeps its name in angle brackets.
 */
export function fill(text: string, captures: Record<string, string>): string {
  return text.replace(
    PLACEHOLDER,
    (_, name: string, fallback: string | undefined) =>
      captures[name] ?? fallback?.trim() ?? `<${name}>`
  )
}

/**
 * The values a log offers to every article's steps.
 * @param facts The facts of the log.
 * @returns `port`, `address`, `errno`, `os_error`, `platform` and `<product>_version` when known.
 */
export function factCaptures(facts: Facts): Record<string, string> {
  const captures: Record<string, string> = {}
  const address =
    facts.addresses.find((fact) => fact.port !== undefined) ??
    facts.addresses[0]
  if (address) {
    captures.address = address.address
    if (address.port !== undefined) captures.port = String(address.port)
  }
  const error = facts.errors[0]
  if (error) {
    captures.errno = error.errno
    const code = facts.errors.find((fact) => fact.code !== undefined)?.code
    if (code !== undefined) captures.os_error = String(code)
  }
  const platform =
    facts.platforms.find((fact) => fact.platform !== 'linux') ??
    facts.platforms[0]
  if (platform) captures.platform = platform.platform
  for (const product of facts.products)
    if (product.version !== undefined)
      captures[`${product.name}_version`] = product.version
  return captures
}

function platformFit(
  wanted: Platform[],
  seen: Set<Platform>
): { applies: StepResult['applies']; note?: string } {
  if (wanted.length === 0) return { applies: 'yes' }
  if (wanted.some((platform) => seen.has(platform))) return { applies: 'yes' }
  if (seen.size === 0) return { applies: 'unknown' }
  const linuxLike = seen.has('linux') || seen.has('wsl') || seen.has('docker')
  // A Linux log may still come from WSL or a container; only a log from another OS rules them out.
  const possible = wanted.some((platform) => {
    if (platform === 'wsl' || platform === 'docker') return linuxLike
    if (platform === 'windows') return seen.has('wsl')
    return false
  })
  if (possible) return { applies: 'unknown' }
  const shown = [...seen].filter(
    (platform) => !(platform === 'linux' && seen.has('wsl'))
  )
  return {
    applies: 'no',
    note: `for ${wanted.map((platform) => PLATFORM_NAMES[platform]).join(', ')}; the log shows ${shown.map((platform) => PLATFORM_NAMES[platform]).join(', ')}`
  }
}

/**
 * Make steps concrete for one log.
 * @param steps The article's steps.
 * @param facts The log's facts.
 * @param captures Captured values (regex groups and facts).
 * @returns The steps, numbered, filled and marked.
 */
export function resolveSteps(
  steps: Step[],
  facts: Facts,
  captures: Record<string, string>
): StepResult[] {
  const seen = new Set(facts.platforms.map((fact) => fact.platform))
  return steps.map((step, index) => {
    const notes: string[] = []
    let applies: StepResult['applies'] = 'yes'
    const platform = platformFit(step.applies.platforms, seen)
    if (platform.applies === 'no') applies = 'no'
    else if (platform.applies === 'unknown') applies = 'unknown'
    if (platform.note !== undefined) notes.push(platform.note)
    for (const [product, range] of Object.entries(step.applies.versions)) {
      const version = facts.products.find(
        (fact) => fact.name === product && fact.version !== undefined
      )?.version
      if (version === undefined) {
        if (applies === 'yes') applies = 'unknown'
      } else if (!satisfies(version, range)) {
        applies = 'no'
        notes.push(`needs ${product} ${range}; the log shows ${version}`)
      }
    }
    const blocks = step.code.map((block) => ({
      lang: block.lang,
      value: fill(block.value, captures)
    }))
    return {
      n: index + 1,
      markdown: fill(step.markdown, captures),
      text: fill(step.text, captures),
      blocks,
      applies,
      appliesNote: notes.length > 0 ? notes.join('; ') : undefined,
      scope: describeApplies(step.applies)
    }
  })
}
