/**
 * @module lint
 * `remedy lint`: everything `loadKb` finds, plus the checks that need the matcher — regexes that can
 * backtrack catastrophically, and every article's examples (each `match` example ranks its article
 * first with no other article confident; no `no_match` example gets the article confidently).
 * It sits above `match` because it runs the engine on the examples.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { checkSync } from 'recheck'
import { VFile } from 'vfile'
import { loadKb, type Finding } from '../kb/load.ts'
import { report } from '../kb/parse.ts'
import { exampleConfident } from '../kb/rules/example-confident.ts'
import { exampleConfidentOther } from '../kb/rules/example-confident-other.ts'
import { exampleNoMatch } from '../kb/rules/example-no-match.ts'
import { examplePresent } from '../kb/rules/example-present.ts'
import { exampleRanksFirst } from '../kb/rules/example-ranks-first.ts'
import { regexRedos } from '../kb/rules/regex-redos.ts'
import type { LintRule } from '../kb/rules/types.ts'
import type { Article, Clue, Kb } from '../kb/types.ts'
import { walkClues } from '../match/clues/index.ts'
import { diagnose, MATCH_CONFIDENCE } from '../match/diagnose.ts'
import { createMatcher, type Matcher } from '../match/matcher.ts'
import { topLevelBranches } from '../kb/regex-literals.ts'

export interface LintResult {
  kb: Kb
  findings: Finding[]
  /** Examples checked, for the summary line. */
  examples: number
}

function regexes(clues: Clue[]): string[] {
  return walkClues(clues).flatMap(
    ({ clue, kind }) => kind?.patterns?.(clue) ?? []
  )
}

type RegexVerdict = {
  status: 'safe' | 'vulnerable' | 'slow' | 'unknown'
  detail: string
  /** For a backtracking pattern: recheck's attack string (at most {@link ATTACK_MAX} characters), so a test can run it without checking again. */
  attack?: string
}

/** How much of an attack string a verdict keeps. */
const ATTACK_MAX = 100_000

/**
 * Cache of ReDoS verdicts, kept in `node_modules/.cache`: the check takes up to seconds per pattern
 * and patterns rarely change.
 */
const CACHE_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  '.cache',
  'remedy',
  'redos.json'
)
/**
 * The verdicts for the shipped KB's patterns (and their branches), committed so that a fresh clone
 * does not spend a minute checking them again: `scripts/redos-seed.ts` writes it. It is keyed by
 * the pattern's exact source, so an edited pattern is simply checked again; it is ignored when
 * recheck's version is another.
 */
export const SEED_FILE = join(
  import.meta.dirname,
  '..',
  '..',
  'src',
  'lint',
  'redos-seed.json'
)
const RECHECK_PACKAGE = join(
  import.meta.dirname,
  '..',
  '..',
  'node_modules',
  'recheck',
  'package.json'
)

function readVerdicts(path: string): [string, RegexVerdict][] {
  try {
    return Object.entries(
      JSON.parse(readFileSync(path, 'utf8')) as Record<string, RegexVerdict>
    )
  } catch {
    return []
  }
}

/** recheck's installed version, which the seed must have been written with. */
export function recheckVersion(): string {
  try {
    return (
      JSON.parse(readFileSync(RECHECK_PACKAGE, 'utf8')) as { version: string }
    ).version
  } catch {
    return 'unknown'
  }
}

function readSeed(): [string, RegexVerdict][] {
  try {
    const seed = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as {
      recheck?: string
      verdicts?: Record<string, RegexVerdict>
    }
    if (seed.recheck !== recheckVersion() || seed.verdicts === undefined)
      return []
    return Object.entries(seed.verdicts)
  } catch {
    return []
  }
}

const readCache = (): [string, RegexVerdict][] => readVerdicts(CACHE_FILE)
const redosCache = new Map<string, RegexVerdict>([
  ...readSeed(),
  ...readCache()
])

/**
 * The verdicts known so far (seed, cache and this process's checks), for `scripts/redos-seed.ts`.
 * @returns Verdicts by pattern source.
 */
export function knownVerdicts(): ReadonlyMap<string, RegexVerdict> {
  return redosCache
}

function writeCache(): void {
  try {
    // Other processes (test workers, a second lint) write the same file: keep what they added.
    for (const [source, verdict] of readCache())
      if (!redosCache.has(source)) redosCache.set(source, verdict)
    mkdirSync(dirname(CACHE_FILE), { recursive: true })
    writeFileSync(CACHE_FILE, JSON.stringify(Object.fromEntries(redosCache)))
  } catch {
    // A cache that cannot be written only costs time.
  }
}

/**
 * Check a pattern for catastrophic backtracking with recheck.
 * @param source The regex source (matched case-insensitively).
 * @returns `safe`, `vulnerable` (exponential, or polynomial of degree 3 or more), `slow` (degree 2) or `unknown`.
 */
export function checkRegex(source: string): RegexVerdict {
  const known = (): RegexVerdict | undefined => {
    const cached = redosCache.get(source)
    // A verdict cached before attack strings were kept is checked again.
    return cached && (cached.status !== 'slow' || cached.attack !== undefined)
      ? cached
      : undefined
  }
  const cached = known()
  if (cached !== undefined) return cached
  // Another process (a test worker, a second lint) may have checked it meanwhile.
  for (const [pattern, verdict] of readCache())
    if (!redosCache.has(pattern)) redosCache.set(pattern, verdict)
  const shared = known()
  if (shared !== undefined) return shared
  // A top-level alternation backtracks as badly as its worst branch (it is tried branch by branch
  // at each position, never repeated): its branches are checked one by one, each far smaller for
  // the automaton than the whole, and each cached on its own.
  const branches = topLevelBranches(source)
  if (branches.length > 1) {
    const verdicts = branches.map((branch) => checkRegex(branch))
    const rank = { vulnerable: 3, slow: 2, unknown: 1, safe: 0 } as const
    const worst = verdicts.reduce((a, b) =>
      rank[b.status] > rank[a.status] ? b : a
    )
    redosCache.set(source, worst)
    writeCache()
    return worst
  }
  let result: RegexVerdict
  try {
    // The automaton check is exact and takes no timing into account; recheck's default ('auto') may
    // pick its fuzzer, whose verdict depends on the machine's load (a UUID pattern came out
    // "vulnerable" on a busy CI machine). The fuzzer, with a fixed seed, is only for what the
    // automaton cannot model (back-references, look-around).
    const exact = checkSync(source, 'i', {
      timeout: 5000,
      checker: 'automaton'
    })
    const diagnostics =
      exact.status === 'unknown' && exact.error.kind === 'unsupported'
        ? checkSync(source, 'i', {
            timeout: 5000,
            checker: 'fuzz',
            randomSeed: 1
          })
        : exact
    if (diagnostics.status === 'safe') result = { status: 'safe', detail: '' }
    else if (diagnostics.status === 'vulnerable') {
      const complexity = diagnostics.complexity
      const degree =
        complexity.type === 'polynomial' ? complexity.degree : Infinity
      const attack = diagnostics.attack.pattern
      result = {
        status: degree >= 3 ? 'vulnerable' : 'slow',
        detail: `${complexity.type}${complexity.type === 'polynomial' ? ` degree ${degree}` : ''}, e.g. ${attack.slice(0, 80)}`,
        attack: diagnostics.attack.string.slice(0, ATTACK_MAX)
      }
    } else result = { status: 'unknown', detail: diagnostics.error.kind }
  } catch (error) {
    result = {
      status: 'unknown',
      detail: error instanceof Error ? error.message : String(error)
    }
  }
  // A pattern the automaton cannot finish in time stays `unknown` (never a guess); it is cached like
  // a verdict, or every lint and every `/kb-admin reload` would pay the timeout again.
  redosCache.set(source, result)
  writeCache()
  return result
}

function fileOf(
  files: Map<string, VFile>,
  root: string,
  article: Article
): VFile {
  const path = `${root}/${article.content.path}`
  let file = files.get(path)
  if (!file) {
    file = new VFile({ path })
    files.set(path, file)
  }
  return file
}

function place(line: number, column = 1): { line: number; column: number } {
  return { line, column }
}

/** Where a regex source is written in an article, for the finding's position. */
function placeOf(
  path: string,
  needle: string
): { line: number; column: number } {
  let text = ''
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return place(1)
  }
  const lines = text.split('\n')
  const index = lines.findIndex((line) => line.includes(needle))
  return index < 0
    ? place(1)
    : place(index + 1, (lines[index]?.indexOf(needle) ?? 0) + 1)
}

export interface LintOptions {
  /** Let drafts take part in the matching of every article's examples, as `diagnose --drafts` does. */
  drafts?: boolean
}

/**
 * Check an article's examples against a matcher: each `match` example ranks it first, confidently,
 * with no other article confident; no `no_match` example gets it confidently.
 * @param fatal False for a draft: its findings are warnings for its author.
 * @returns How many examples were checked.
 */
function checkExamples(
  file: VFile,
  article: Article,
  matcher: Matcher,
  fatal: boolean
): number {
  // A draft's findings are warnings for its author; a rule that is a warning stays one.
  const finding = (reason: string, line: number, rule: LintRule): void => {
    report(file, reason, place(line), rule, fatal && rule.fatal)
  }
  for (const example of article.examples.match) {
    const diagnosis = diagnose(matcher, example.log, { top: 5 })
    const ranked = [...diagnosis.matches, ...diagnosis.others]
    const first = diagnosis.matches[0]
    const own = ranked.find((match) => match.id === article.id)
    if (
      first?.id !== article.id &&
      !(
        diagnosis.verdict === 'match' &&
        diagnosis.matches.some((match) => match.id === article.id)
      )
    ) {
      finding(
        exampleRanksFirst.messages.notFirst(
          first ? `\`${first.id}\` (${first.confidence})` : 'no article',
          article.id,
          own ? ` (it scored ${own.confidence})` : ' (it did not score)'
        ),
        example.line,
        exampleRanksFirst
      )
      continue
    }
    const rival =
      diagnosis.matches.find(
        (match) =>
          match.id !== article.id && match.confidence >= MATCH_CONFIDENCE
      ) ??
      diagnosis.others.find((match) => match.confidence >= MATCH_CONFIDENCE)
    if (rival && diagnosis.verdict !== 'match') {
      finding(
        exampleConfidentOther.messages.rival(rival.id, rival.confidence),
        example.line,
        exampleConfidentOther
      )
    } else if (diagnosis.verdict !== 'match') {
      finding(
        exampleConfident.messages.weak(
          diagnosis.verdict,
          first?.confidence ?? 0
        ),
        example.line,
        exampleConfident
      )
    }
  }
  for (const example of article.examples.noMatch) {
    const diagnosis = diagnose(matcher, example.log, { top: 5 })
    const own = diagnosis.matches.find((match) => match.id === article.id)
    if (diagnosis.verdict === 'match' && own) {
      finding(
        exampleNoMatch.messages.matched(article.id, own.confidence),
        example.line,
        exampleNoMatch
      )
    }
  }
  return article.examples.match.length + article.examples.noMatch.length
}

/**
 * Lint a KB folder.
 * @param dir The KB folder.
 * @param options `drafts`: match with the drafts in, as `diagnose --drafts` does.
 * @returns The compiled KB and every finding, fatal ones first per file. Drafts' examples are
 * always checked with the drafts in, and what is wrong with a draft is a warning.
 */
export async function lintKb(
  dir: string,
  options: LintOptions = {}
): Promise<LintResult> {
  const { kb, findings } = await loadKb(dir)
  const files = new Map<string, VFile>()
  const matcher: Matcher = createMatcher(kb, {
    drafts: options.drafts === true
  })
  let withDrafts: Matcher | undefined =
    options.drafts === true ? matcher : undefined
  let examples = 0
  for (const article of kb.articles) {
    const file = fileOf(files, dir, article)
    for (const source of new Set(regexes(article.signatures))) {
      const verdict = checkRegex(source)
      if (verdict.status === 'vulnerable') {
        report(
          file,
          regexRedos.messages.vulnerable(source, verdict.detail),
          placeOf(String(file.path), source),
          regexRedos
        )
      } else if (verdict.status === 'slow') {
        report(
          file,
          regexRedos.messages.slow(source, verdict.detail),
          placeOf(String(file.path), source),
          regexRedos,
          false
        )
      }
    }
    if (article.draft) {
      withDrafts ??= createMatcher(kb, { drafts: true })
      examples += checkExamples(file, article, withDrafts, false)
      continue
    }
    if (article.examples.match.length === 0) {
      report(file, examplePresent.messages.missing(), place(1), examplePresent)
    }
    examples += checkExamples(file, article, matcher, true)
  }
  const all = [
    ...findings,
    ...[...files.values()].flatMap((file) => file.messages)
  ]
  return { kb, findings: all, examples }
}
