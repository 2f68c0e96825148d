/**
 * @module remedy
 * The engine's public API, for programs that embed Remedy: load a KB, compile it, diagnose a log,
 * search articles, render the answer as text or JSON, lint a KB, and draft an article from a write-up.
 */
export { loadKb, KB_FORMAT_VERSION } from './kb/load.ts'
export type { Finding } from './kb/load.ts'
export type { Article, Kb, Step } from './kb/types.ts'
export { createMatcher } from './match/matcher.ts'
export type { Matcher, MatcherOptions } from './match/matcher.ts'
export { diagnose } from './match/diagnose.ts'
export type { DiagnoseOptions } from './match/diagnose.ts'
export type { Diagnosis, Facts, Match, Verdict } from './match/types.ts'
export { searchArticles } from './match/search.ts'
export { redact } from './match/redact.ts'
export { renderReply } from './render/reply.ts'
export type { Reply } from './render/types.ts'
export { formatText } from './render/text.ts'
export { toJson } from './render/json.ts'
export { lintKb } from './lint/index.ts'
export type { LintOptions } from './lint/index.ts'
export { importWriteup } from './import/index.ts'
export type {
  ImportOptions,
  ImportReport,
  ImportResult
} from './import/index.ts'
