/**
 * @module cli/kb
 * Load the KB for a CLI command: the folder from `--kb`, `KB_DIR` or `kb/`, findings printed as
 * `file:line:col  message  rule-id`.
 */
import { relative, resolve } from 'node:path'
import type { Finding } from '../kb/load.ts'
import type { Kb } from '../kb/types.ts'
import type { Matcher } from '../match/matcher.ts'
import type { CliContext } from './types.ts'

/** Where the KB is: `--kb`, else `KB_DIR`, else `kb` in the current folder. */
export function kbDir(ctx: CliContext, option: string | undefined): string {
  return resolve(ctx.cwd, option ?? ctx.env.KB_DIR ?? 'kb')
}

/** Format a finding as `file:line:col  message  rule-id`. */
export function formatFinding(finding: Finding, cwd: string): string {
  const file = relative(cwd, String(finding.file ?? ''))
  const place = `${file}:${finding.line ?? 1}:${finding.column ?? 1}`
  const kind = finding.fatal === true ? 'error' : 'warning'
  return `${place}  ${kind}  ${finding.reason}  ${finding.ruleId ?? ''}`
}

/**
 * Load the KB and compile a matcher; fatal findings are reported on stderr but do not stop the
 * command (the articles with errors are left out).
 * @param options `drafts`: let drafts take part in the matching (`--drafts`).
 */
export async function loadForCli(
  ctx: CliContext,
  option: string | undefined,
  options: { drafts?: boolean } = {}
): Promise<{ kb: Kb; matcher: Matcher; findings: Finding[] }> {
  // Loaded here, not at the top, like every command's code: `remedy --help` loads none of it.
  const [{ loadKbSource }, { kbCacheDir }, { createMatcher }] =
    await Promise.all([
      import('../kb/index-file.ts'),
      import('../kb/cache.ts'),
      import('../match/matcher.ts')
    ])
  // A `.json` path is an index written by `remedy build`; a folder is compiled once and then read
  // from the cache while its files are unchanged.
  const { kb, findings } = await loadKbSource(kbDir(ctx, option), {
    cacheDir: kbCacheDir(ctx.env)
  })
  const fatal = findings.filter((finding) => finding.fatal === true)
  if (fatal.length > 0)
    ctx.err(
      `remedy: ${fatal.length} article error(s) in the KB; run \`remedy lint\` (those articles are left out)\n`
    )
  return { kb, matcher: createMatcher(kb, options), findings }
}

/** The collection drafts go to when no collection guide claims their product. */
const DRAFTS_COLLECTION = 'drafts'

/** Where new articles go in a KB: the collection for some products, and the ids already taken. */
export interface KbPlaces {
  /** The collection whose guide lists the first of these products (`products:` in `_guide.md`), else `drafts`. */
  collectionFor: (products: readonly string[]) => string
  taken: Set<string>
  /** The published article one of whose match examples has this text (as a `text:` clue reads it). */
  claimedBy: (text: string) => string | undefined
}

/**
 * Read a KB's collection guides and article ids, for commands that write drafts into it.
 * @param dir The KB folder; when it cannot be read, every draft goes to `drafts`.
 * @returns The lookup.
 */
export async function kbPlaces(dir: string): Promise<KbPlaces> {
  const byProduct = new Map<string, string>()
  const taken = new Set<string>()
  const examples: { id: string; text: string }[] = []
  try {
    const [{ loadKb }, { normalize }] = await Promise.all([
      import('../kb/load.ts'),
      import('../match/normalize.ts')
    ])
    const { kb } = await loadKb(dir)
    for (const guide of kb.guides)
      for (const product of guide.products)
        byProduct.set(product, guide.collection)
    for (const article of kb.articles) {
      taken.add(article.id)
      if (article.draft) continue
      for (const example of article.examples.match) {
        // The lines a `text:` clue is compared with: normalised, lower-cased.
        const text = normalize(example.log)
          .lines.map((line) => line.text.toLowerCase())
          .join('\n')
        examples.push({ id: article.id, text })
      }
    }
  } catch {
    // No KB at hand (drafts written elsewhere).
  }
  return {
    taken,
    claimedBy: (text) => {
      const lower = text.toLowerCase()
      return examples.find((example) => example.text.includes(lower))?.id
    },
    collectionFor: (products) =>
      products
        .map((product) => byProduct.get(product))
        .find((collection) => collection !== undefined) ?? DRAFTS_COLLECTION
  }
}
