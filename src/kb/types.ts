/**
 * @module kb/types
 * The compiled knowledge base: plain data, JSON-serialisable, shared by every layer.
 */
import type { Clue } from './clues/index.ts'
import type { FulltextJson } from './fulltext.ts'

/** Platforms an article, a step or a log can be about. */
export const PLATFORMS = ['linux', 'wsl', 'macos', 'windows', 'docker'] as const
export type Platform = (typeof PLATFORMS)[number]

/** Address classes a `address:` clue can ask for. */
export const ADDRESS_CLASSES = [
  'multicast',
  'loopback',
  'unspecified',
  'private',
  'link-local',
  'public',
  'ipv6'
] as const
export type AddressClass = (typeof ADDRESS_CLASSES)[number]

/** One clue of an article's `signatures`, of any registered kind (see `kb/clues/`). */
export type { Clue }

/** Which platforms and product versions something applies to; empty means "any". */
export interface Applicability {
  platforms: Platform[]
  versions: Record<string, string>
}

/** One step of an article's `## Fix` list. */
export interface Step {
  /** The step as Markdown with its code blocks in place, without the `applies` comment. */
  markdown: string
  /** The step's prose as plain text, without code blocks (for search and short renderings). */
  text: string
  /** Code blocks of the step, in order. */
  code: { lang: string; value: string }[]
  /** Where the step applies; empty lists/records mean everywhere. */
  applies: Applicability
}

/** The human-readable part of an article, in one locale. */
export interface ArticleContent {
  locale: string
  title: string
  summary: string
  /** Markdown of each section (without its heading); missing optional sections are ''. */
  symptoms: string
  cause: string
  verify: string
  ifNotHelped: string
  related: string
  /** `## Notes`: best practices and background kept at the end (shown with the whole article). */
  notes: string
  steps: Step[]
  /** The article path this content was read from, relative to the KB root, with `/`. */
  path: string
}

/** An example log attached to an article. */
export interface Example {
  log: string
  /** Where it was declared: the article path and the line of the item. */
  source: string
  line: number
}

/** One compiled article with its translations. */
export interface Article {
  id: string
  collection: string
  tags: string[]
  appliesTo: Applicability
  signatures: Clue[]
  examples: { match: Example[]; noMatch: Example[] }
  /** Short strings that describe the symptom lines, for the fuzzy fallback. */
  symptomLines: string[]
  /** Ids this article links to under `## Related`. */
  related: string[]
  /** `status: draft` in the frontmatter: lint lists what it still lacks, the matcher skips it unless asked. */
  draft: boolean
  content: ArticleContent
  translations: Record<string, ArticleContent>
}

/** A collection's "how to collect the full log" guide. */
export interface Guide {
  collection: string
  products: string[]
  content: Record<string, { title: string; steps: Step[]; path: string }>
}

/** The compiled knowledge base. */
export interface Kb {
  formatVersion: number
  /** A short hash of the sources, so that records can say which KB answered. */
  version: string
  articles: Article[]
  guides: Guide[]
  /** The full-text index `remedy build` saved (`kb/fulltext.ts`); a KB loaded from Markdown has none. */
  fulltext?: FulltextJson
}
