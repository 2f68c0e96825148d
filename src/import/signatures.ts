/**
 * @module import/signatures
 * Propose an imported article's clues from its text, with the engine's own signal extractors: what
 * `remedy diagnose` reads out of a log it also reads out of the write-up (OS errors through the same
 * errno table, so `os error 99` becomes EADDRNOTAVAIL; socket addresses and their class; products;
 * platforms). Quoted error messages and the stable words of example logs become `text:` clues.
 * Every proposal says where it came from, so that its author can check it.
 */
import { errnoByText } from '../kb/errno.ts'
import { normalize, maskLine } from '../match/normalize.ts'
import { extractFacts } from '../match/signals/index.ts'
import { PRODUCT_NAMES } from '../match/signals/product.ts'
import { isBoilerplate, stableRuns, stableText } from '../match/template.ts'
import type { Facts } from '../match/types.ts'

/** The `from` of a clue taken from the stable words of an example log. */
export const LOG_TEXT_FROM = 'an example log'

/** A proposed clue in the frontmatter's shape, and why it was proposed. */
export interface Proposal {
  clue: Record<string, string | number | string[] | number[]>
  /** What in the text gave it, e.g. `os error 99 (linux)`. */
  from: string
}

/**
 * Clue weights. The stable words of a real log are the most specific; a class of address with its
 * port (multicast 7446) comes next; an errno alone is common to many problems; products and
 * platforms only support the others.
 */
const WEIGHTS = {
  logText: 0.5,
  quoted: 0.4,
  address: 0.35,
  errno: 0.3,
  port: 0.15,
  product: 0.15,
  platform: 0.1
}

/** Address classes that say something about the problem (a private or public address is the user's own). */
const TELLING_CLASSES = [
  'multicast',
  'loopback',
  'unspecified',
  'link-local'
] as const
/** Platforms a write-up names on purpose; `linux` is what every errno number implies. */
const TELLING_PLATFORMS = new Set(['wsl', 'docker', 'macos', 'windows'])
const ERROR_WORDS =
  /error|fail|unable|cannot|can't|could not|couldn't|denied|refused|not found|invalid|timed? ?out|panick|no such|^no \w+ (?:is|are|was|were)\b|\bnot (?:connected|running|available|allowed|supported)\b|无法|失败|错误|拒绝|找不到|无效|超时|不支持|没有/i
/** A message that is only an OS error: its text and its number. */
const OS_ERROR_LINE =
  /^\s*(?:\d{1,2}:\s*)?[^:()]{3,80}\((?:os error|errno|error) \d+\)\s*$/i
const QUOTED = /["“「『]([^"”」』\n]{4,200})["”」』]/g
const MAX_PRODUCTS = 3

/**
 * Quoted messages in prose that read like errors: `"Cannot assign requested address"`, `“无法分配请求的地址”`.
 * @param prose The write-up's text outside code blocks, and its inline code.
 * @returns Each message once, in order.
 */
export function quotedMessages(prose: string[]): string[] {
  const found: string[] = []
  for (const text of prose) {
    for (const match of text.matchAll(QUOTED)) {
      const message = match[1]?.trim() ?? ''
      if (ERROR_WORDS.test(message) && !found.includes(message))
        found.push(message)
    }
  }
  return found
}

/**
 * The words of a log that would stay the same in another log of the same problem: the deepest
 * message of its error chain (or its first error line) that is not an OS error text, masked, its
 * longest run of words.
 * @param log An example log.
 * @returns At most eight words, or undefined when the log has none worth a clue.
 */
export function stableLogText(log: string): string | undefined {
  const normalized = normalize(log)
  const facts = extractFacts(normalized)
  const chain = facts.chains[0]
  const candidates = [
    ...(chain
      ? [...chain.messages].reverse().map((message) => message.text)
      : []),
    ...normalized.lines
      .filter((line) => line.level === 'error')
      .map((line) => line.text)
  ]
  for (const text of candidates) {
    // `Device or resource busy (os error 16)`: the OS's words, which the errno clue covers (or, for an
    // errno the table lacks, which many problems share); the message around it says more.
    if (OS_ERROR_LINE.test(text)) continue
    // A run that every log of its runtime prints (`thread 'main' panicked at`) would claim them all.
    const words = stableRuns(maskLine(ownWords(text)).split(' ')).find(
      (run) =>
        run.split(' ').length >= 3 && run.length >= 12 && !isBoilerplate(run)
    )
    if (words !== undefined) return words
  }
  return undefined
}

/**
 * The part of a log message that is the program's own: before the OS error it quotes (the errno
 * clue reads that in any language), without the tracing target (`zenoh::net::runtime::orchestrator:`)
 * and with quoted names masked (`node \`detector\`` is the user's node).
 */
function ownWords(text: string): string {
  const lower = text.toLowerCase()
  const cuts = [
    lower.search(/\(?os error \d+|\[errno \d+\]|\[winerror \d+\]/),
    ...errnoByText(text).map(({ text: wording }) => lower.indexOf(wording))
  ].filter((index) => index >= 0)
  const own = cuts.length === 0 ? text : text.slice(0, Math.min(...cuts))
  return own
    .replace(/^\s*(?:[a-z_][\w]*::)+[\w]*:\s*/i, '')
    .replace(
      /`([^`]*)`|'([^']*)'|"([^"]*)"|‘([^’]*)’|“([^”]*)”/g,
      (quote: string, ...inner: unknown[]) =>
        namesProduct(inner.find((part) => typeof part === 'string') ?? '')
          ? quote
          : ' <*> '
    )
}

/** Is a quoted name one of the products (`'dora'` in `No module named 'dora'` is the problem, not the user's)? */
function namesProduct(name: string): boolean {
  const word = name.trim().toLowerCase()
  return PRODUCT_NAMES.some(
    (product) =>
      word === product ||
      word.startsWith(`${product}-`) ||
      word.startsWith(`${product}_`)
  )
}

function uniq<T>(values: T[]): T[] {
  return [...new Set(values)]
}

/**
 * Propose clues for a write-up.
 * @param evidence What the write-up says the user sees: its title, symptoms and logs.
 * @param context How it explains the problem (its cause and analysis).
 * @param prose The prose and inline code of both, for quoted messages.
 * @param logs The code blocks that look like logs (they become examples).
 * @returns The proposals, most specific first, and the facts they came from.
 */
export function proposeSignatures(
  evidence: string,
  context: string,
  prose: string[],
  logs: string[]
): { proposals: Proposal[]; facts: Facts } {
  // OS errors, addresses and platforms come from what the user sees (the symptoms and the logs):
  // the fix and the explanation name other addresses (`use a port above 1024, e.g. 0.0.0.0:7447`).
  // Products come from the explanation too.
  // A write-up that shows no error where it describes the problem may still name it where it
  // explains it: then the explanation counts.
  const aroundLog = normalize(`${evidence}\n${context}`)
  const ownLog = normalize(evidence)
  const around = extractFacts(aroundLog)
  const own = extractFacts(ownLog)
  const useAround = own.errors.length === 0 && own.addresses.length === 0
  const seen = useAround ? around : own
  const lineText = (n: number): string => {
    const text =
      (useAround ? aroundLog : ownLog).lines.find((line) => line.n === n)
        ?.text ?? ''
    return text.length > 60 ? `${text.slice(0, 59)}…` : text
  }
  const facts: Facts = { ...seen, products: around.products }
  const proposals: Proposal[] = []
  const texts = new Set<string>()

  for (const log of logs) {
    const words = stableLogText(log)
    if (
      words !== undefined &&
      ![...texts].some(
        (known) => known.includes(words) || words.includes(known)
      )
    ) {
      texts.add(words)
      proposals.push({
        clue: { text: words, weight: WEIGHTS.logText },
        from: LOG_TEXT_FROM
      })
    }
  }
  const osTexts: string[] = []
  for (const message of quotedMessages(prose)) {
    // An OS error text is read in every language by the errno clue below.
    if (errnoByText(message).length > 0) {
      osTexts.push(`"${message}"`)
      continue
    }
    // A quote the log's words already hold (or that holds them) says nothing new. What varies
    // (addresses, paths, numbers) is left out: `Unable to connect to tcp/10.1.0.2:7447`.
    const masked = maskLine(message)
    const lower = masked.includes('<')
      ? stableText(masked.split(' '))
      : message.toLowerCase()
    if (lower.length < 8 || isBoilerplate(lower)) continue
    if (
      [...texts].some((known) => known.includes(lower) || lower.includes(known))
    )
      continue
    texts.add(lower)
    proposals.push({
      clue: {
        text: lower === message.toLowerCase() ? message : lower,
        weight: WEIGHTS.quoted
      },
      from: `quoted "${message}"`
    })
  }

  const ported = new Set<number>()
  for (const name of TELLING_CLASSES) {
    const addresses = facts.addresses.filter((fact) =>
      fact.classes.includes(name)
    )
    if (addresses.length === 0) continue
    const ports = uniq(
      addresses.flatMap((fact) => (fact.port === undefined ? [] : [fact.port]))
    )
    for (const port of ports) ported.add(port)
    const shown = uniq(
      addresses.map((fact) =>
        fact.port === undefined ? fact.address : `${fact.address}:${fact.port}`
      )
    )
    proposals.push({
      clue: {
        address: name,
        ...(ports.length === 0
          ? {}
          : { port: ports.length === 1 ? (ports[0] ?? 0) : ports }),
        weight: WEIGHTS.address
      },
      from: shown.slice(0, 3).join(', ')
    })
  }

  const errnos = uniq(facts.errors.map((fact) => fact.errno))
  if (errnos.length > 0) {
    const shown = uniq(
      facts.errors.map((fact) =>
        fact.code === undefined
          ? fact.errno
          : `os error ${fact.code}${fact.os ? ` (${fact.os})` : ''}`
      )
    )
    proposals.push({
      clue: {
        errno: errnos.length === 1 ? (errnos[0] ?? '') : errnos,
        weight: WEIGHTS.errno
      },
      from: [...shown.slice(0, 3), ...osTexts.slice(0, 2)].join(', ')
    })
  }

  const ports = uniq(
    facts.addresses.flatMap((fact) =>
      fact.port === undefined || ported.has(fact.port) ? [] : [fact.port]
    )
  )
  if (ports.length > 0)
    proposals.push({
      clue: {
        port: ports.length === 1 ? (ports[0] ?? 0) : ports,
        weight: WEIGHTS.port
      },
      from: `port ${ports.join(', ')}`
    })

  for (const name of uniq(facts.products.map((fact) => fact.name)).slice(
    0,
    MAX_PRODUCTS
  )) {
    const hints = uniq(
      facts.products
        .filter((fact) => fact.name === name)
        .map((fact) => fact.hint)
    )
    proposals.push({
      clue: { product: name, weight: WEIGHTS.product },
      from: hints.slice(0, 2).join(', ')
    })
  }

  // A platform read from an errno number only repeats the errno clue.
  const named = facts.platforms.filter(
    (fact) =>
      TELLING_PLATFORMS.has(fact.platform) &&
      !fact.hint.endsWith('errno number')
  )
  const platforms = uniq(named.map((fact) => fact.platform))
  for (const name of platforms) {
    const fact = named.find((item) => item.platform === name)
    proposals.push({
      clue: { platform: name, weight: WEIGHTS.platform },
      from: fact === undefined ? name : `"${lineText(fact.line)}"`
    })
  }
  return { proposals, facts }
}

/**
 * Versions the write-up names, per product, for the author to turn into `applies_to.versions`.
 * @param facts The write-up's facts.
 * @returns e.g. `{ dora: ['0.3.10'] }`.
 */
export function versionsSeen(facts: Facts): Record<string, string[]> {
  const seen: Record<string, string[]> = {}
  for (const fact of facts.products) {
    if (fact.version === undefined) continue
    const list = (seen[fact.name] ??= [])
    if (!list.includes(fact.version)) list.push(fact.version)
  }
  return seen
}
