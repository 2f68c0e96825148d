/**
 * @module kb/rules/types
 * A KB lint rule, as remark-lint has them: one file per rule id with its messages (worded
 * "Unexpected X, expected Y"), its default severity, the line of kb/README.md that documents it,
 * and examples (articles that pass and articles that fail, with the expected `file:line:col` message)
 * that one harness runs. Every finding reaches the user through `report` in `kb/parse.ts`.
 */

/** A KB as files: path relative to the KB root (`demo/port-in-use.md`) → content. */
export type KbFiles = Record<string, string>

export interface LintRuleExample {
  /** What the example shows. */
  name: string
  /** A KB on which the rule finds nothing. */
  ok: KbFiles
  /** A KB on which it finds exactly these messages, as `path:line:column: reason`. */
  notOk: KbFiles
  messages: string[]
}

export interface LintRule {
  /** Equals the file name and the finding's `ruleId`. */
  id: string
  /** Fatal (an error: the article is not served) or a warning, unless the caller says otherwise. */
  fatal: boolean
  /** One sentence for the rule table in kb/README.md. */
  description: string
  /** The messages of the rule, by name. */
  messages: Record<string, (...args: never[]) => string>
  examples: LintRuleExample[]
}
