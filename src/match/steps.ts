/**
 * @module match/steps
 * Make an article's text concrete for one log: fill captured values into `{{name|default}}`
 * placeholders in every section, and mark steps whose platform or version does not fit what the log
 * shows. A value comes from the call that failed (the address on the OS error's line, its chain or
 * traceback); where the log shows none, the reader sees a placeholder such as `<port>`, never the
 * article's example value as if it came from the log, and never template syntax.
 */
import {
  CODE_SOURCE,
  PLACEHOLDER_DEFAULT,
  PLACEHOLDER_SOURCE
} from '../kb/captures.ts'
import { describeApplies, PLATFORM_NAMES, satisfies } from '../kb/steps.ts'
import type { Platform, Step } from '../kb/types.ts'
import type { AddressFact, Facts, Log, StepResult } from './types.ts'

const PLACEHOLDER = new RegExp(PLACEHOLDER_SOURCE, 'gi')

/** What stands in for a value the log does not show: the article's own placeholder, or `<name>`. */
function absent(name: string, fallback: string | undefined): string {
  const example = fallback?.trim()
  return example !== undefined && PLACEHOLDER_DEFAULT.test(example)
    ? example
    : `<${name}>`
}

/**
 * Fill `{{name}}` and `{{name|default}}` placeholders in plain text or code.
 * @param text Plain text or code.
 * @param captures Named values from the log.
 * @returns The text. A placeholder the log gave no value for shows its default only when that is
 * itself a placeholder (`{{node|<node>}}`, `{{port|<端口>}}`); a concrete default (`{{port|7447}}`)
 * is an example, so it shows `<port>`.
 */
export function fill(text: string, captures: Record<string, string>): string {
  // Most texts have no placeholder: nothing to replace (every placeholder starts with `{{`).
  if (!text.includes('{{')) return text
  return text.replace(
    PLACEHOLDER,
    (_, name: string, fallback: string | undefined) =>
      captures[name] ?? absent(name, fallback)
  )
}

// Fenced blocks and inline code spans: there `<port>` is shown as is.
const CODE = new RegExp(CODE_SOURCE, 'gm')

/**
 * Fill placeholders in Markdown. Outside code, a missing value becomes an inline code span
 * (`` `<port>` ``) so that no renderer takes it for an HTML tag and drops it.
 * @param markdown A section or a step.
 * @param captures Named values from the log.
 * @returns The Markdown with every placeholder filled.
 */
export function fillMarkdown(
  markdown: string,
  captures: Record<string, string>
): string {
  // No placeholder, nothing to fill: skip the search for code spans (most sections and steps).
  if (!markdown.includes('{{')) return markdown
  let out = ''
  let last = 0
  const prose = (text: string): string =>
    text.replace(
      PLACEHOLDER,
      (_, name: string, fallback: string | undefined) =>
        captures[name] ?? `\`${absent(name, fallback)}\``
    )
  for (const match of markdown.matchAll(CODE)) {
    out += prose(markdown.slice(last, match.index))
    out += fill(match[0], captures)
    last = match.index + match[0].length
  }
  return out + prose(markdown.slice(last))
}

/** The sections of an article an answer or a page shows, filled for one log. */
export interface FilledSections {
  cause: string
  verify: string
  ifNotHelped: string
}

/**
 * Fill the prose sections of an answer.
 * @param sections The article's Markdown sections.
 * @param captures Named values from the log (`{}` when there is no log).
 * @returns The same sections with every placeholder filled.
 */
export function fillSections<T extends Record<string, string>>(
  sections: T,
  captures: Record<string, string>
): T {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(sections))
    out[key] = fillMarkdown(value, captures)
  return out as T
}

/** How far (in lines) from the failing line an address or port still belongs to that call. */
const NEAR = 8
/** `port 8080`, `Port 8080 was already in use`, `port: 5000`: a port said in words. */
const PORT_WORD = /\bport\b[\s:=#]{0,3}(\d{1,5})\b/gi
/** The path a file call failed on: `open '/etc/x'`, `: '/run/x.sock'`, `dial unix /run/x.sock:`. */
const PATH_ON_LINE =
  /(?:\b(?:open|opendir|mkdir|rmdir|unlink|rename|stat|lstat|access|chmod|chown|scandir|symlink|link|copyfile|readlink|connect|dial unix|exec|spawn|create|remove)\b[ (]['"]?|: ['"])((?:[A-Za-z]:\\|~?\/)[^\s'"`,:)]{1,200})/

/** The lines where the failing call is reported: OS errors first, else the innermost causes. */
function failingLines(facts: Facts): number[] {
  const lines = facts.errors.map((fact) => fact.line)
  if (lines.length > 0) return lines
  return facts.chains.map((chain) => chain.innermost.line)
}

/** Lines of the chains (eyre causes, traceback messages) that hold one of the failing lines. */
function chainLines(facts: Facts, failing: number[]): Set<number> {
  const lines = new Set<number>()
  for (const chain of facts.chains)
    if (chain.messages.some((message) => failing.includes(message.line)))
      for (const message of chain.messages) lines.add(message.line)
  return lines
}

/** Distance of a line from the failing call: 0 on it or in its chain; lines after it count double. */
function distance(line: number, failing: number[], chain: Set<number>): number {
  if (chain.has(line)) return 0
  let best = Infinity
  for (const at of failing)
    best = Math.min(best, line <= at ? at - line : 2 * (line - at))
  return best
}

/** The address of the call that failed: on its line, in its chain or traceback, else nearest. */
function failingAddress(
  facts: Facts,
  failing: number[],
  chain: Set<number>
): AddressFact | undefined {
  const withPort = facts.addresses.filter((fact) => fact.port !== undefined)
  if (failing.length === 0) return withPort[0] ?? facts.addresses[0]
  const near = (list: AddressFact[]): AddressFact | undefined =>
    list
      .map((fact) => ({ fact, d: distance(fact.line, failing, chain) }))
      .filter((item) => item.d <= NEAR)
      .sort((a, b) => a.d - b.d)[0]?.fact
  return near(withPort) ?? near(facts.addresses)
}

/** A port said in words near the failing call (`Port 8080 was already in use`). */
function failingPort(
  log: Log,
  failing: number[],
  chain: Set<number>
): string | undefined {
  let best: { port: string; d: number } | undefined
  for (const line of log.lines) {
    const d = distance(line.n, failing, chain)
    if (d > NEAR || (best !== undefined && d >= best.d)) continue
    for (const match of line.text.matchAll(PORT_WORD)) {
      const port = Number(match[1])
      if (port > 0 && port <= 65535) {
        best = { port: String(port), d }
        break
      }
    }
  }
  return best?.port
}

/** The path a file or unix-socket call failed on, read from the failing line. */
function failingPath(log: Log, failing: number[]): string | undefined {
  for (const n of failing) {
    const path = PATH_ON_LINE.exec(log.lines[n - 1]?.text ?? '')?.[1]
    if (path !== undefined) return path.replace(/[.;]+$/, '')
  }
  return undefined
}

/**
 * The values a log offers to every article's text.
 * @param facts The facts of the log.
 * @param log The log, for a port or path said in words next to the failing call.
 * @returns `port`, `address`, `path`, `errno`, `os_error`, `platform` and `<product>_version` when
 * known; the port, address and path are those of the call that failed.
 */
export function factCaptures(facts: Facts, log?: Log): Record<string, string> {
  const captures: Record<string, string> = {}
  const failing = failingLines(facts)
  const chain = chainLines(facts, failing)
  const address = failingAddress(facts, failing, chain)
  if (address) {
    captures.address = address.address
    if (address.port !== undefined) captures.port = String(address.port)
  }
  if (log !== undefined && failing.length > 0) {
    if (captures.port === undefined) {
      const port = failingPort(log, failing, chain)
      if (port !== undefined) captures.port = port
    }
    // Only an OS error says that a path was the object of the call (not `KeyError: '/api'`).
    const path = failingPath(
      log,
      facts.errors.map((fact) => fact.line)
    )
    if (path !== undefined) captures.path = path
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
      const fact = facts.products.find(
        (candidate) =>
          candidate.name === product && candidate.version !== undefined
      )
      const version = fact?.version
      if (version === undefined) {
        if (applies === 'yes') applies = 'unknown'
      } else if (fact?.certainty?.certain === false) {
        // A version OCR may have misread never decides: the reader checks it.
        if (applies === 'yes') applies = 'unknown'
        notes.push(
          `read from an image: check that your ${product} version is ${version} (the step needs ${range})`
        )
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
      markdown: fillMarkdown(step.markdown, captures),
      text: fill(step.text, captures),
      blocks,
      applies,
      appliesNote: notes.length > 0 ? notes.join('; ') : undefined,
      scope: describeApplies(step.applies)
    }
  })
}
