/**
 * @module render/types
 * A diagnosis as it is shown to a person: plain data that the terminal, JSON, the web page and
 * Discord all render from. No Discord types here.
 */
import type { Verdict } from '../match/types.ts'

export type ConfidenceWord = 'match' | 'possible' | 'unlikely'

export interface ReplyStep {
  n: number
  /** Markdown of the step (captures filled in), with its code blocks in place. */
  markdown: string
  text: string
  code: { lang: string; value: string }[]
  applies: 'yes' | 'no' | 'unknown'
  /** Shown beside a step that does not apply, e.g. `needs dora >=1.0.0-rc.3; the log shows 0.3.10`. */
  note: string | undefined
  /** The step's scope badge, e.g. `dora >=0.3.10` or `WSL`. */
  scope: string | undefined
}

export interface ReplyArticle {
  id: string
  title: string
  summary: string
  confidence: number
  /** Localised label for the confidence: "Matches", "Possibly" … */
  confidenceLabel: string
  confidenceWord: ConfidenceWord
  /** `KB_BASE_URL` + path when a base URL is configured. */
  url: string | undefined
  path: string
  locale: string
  /** Evidence lines from the log: redacted, one per line/clue. */
  evidence: { line: number; text: string; clue: string }[]
  steps: ReplyStep[]
  cause: string
  verify: string
  ifNotHelped: string
}

export interface Reply {
  verdict: Verdict
  locale: string
  /** One sentence that says what the verdict means. */
  headline: string
  articles: ReplyArticle[]
  others: {
    id: string
    title: string
    confidence: number
    confidenceLabel: string
  }[]
  collect: { title: string; reason: string; steps: ReplyStep[] } | undefined
  /** Remarks such as "Only the first and last 1 MB of a 17 MB paste were read." */
  notes: string[]
  /** Localised UI strings the adapters need (section names, button labels). */
  labels: Labels
  /**
   * Present when the log was read from a screenshot: the recognised text (redacted), shown in a
   * secondary or collapsible part so the user can see what was read and correct it.
   */
  image?: { text: string; confidence: number }
}

export interface Labels {
  why: string
  steps: string
  cause: string
  verify: string
  ifNotHelped: string
  otherMatches: string
  collect: string
  doesNotApply: string
  fixed: string
  notHelpful: string
  postPublicly: string
  noMatch: string
  /** Discord's hint under a `none` answer (the collect list follows it, in fields below). */
  searchHint: string
  /** The terminal's hint at the end of a `none` answer (`remedy search`; the collect list is above it). */
  searchHintTerminal: string
}
