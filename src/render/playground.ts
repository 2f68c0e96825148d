/**
 * @module render/playground
 * The playground's view of one diagnosis: the same `Reply` the bot renders, its Markdown as HTML,
 * and the log as the matcher read it (cleaned and redacted), so that the page can highlight the
 * evidence lines.
 */
import type { Kb } from '../kb/types.ts'
import { DEFAULT_LIMITS, normalize } from '../match/normalize.ts'
import { redact } from '../match/redact.ts'
import type { Diagnosis, Log } from '../match/types.ts'
import { markdownToHtml, type LinkContext } from './markdown.ts'
import { renderReply } from './reply.ts'
import type { Reply, ReplyStep } from './types.ts'

/** The log the page sent and the locale it asked for. */
export interface PlaygroundInput {
  log: string | Uint8Array
  locale: string | undefined
}

/** The HTML of an answer's Markdown parts, by article id. */
export interface ReplyHtml {
  steps: string[]
  cause: string
  verify: string
  ifNotHelped: string
}

/** What `POST /api/playground/diagnose` answers. */
export interface PlaygroundView {
  reply: Reply
  html: { articles: Record<string, ReplyHtml>; collect: string[] }
  log: { lines: { n: number; text: string }[]; truncated: Log['truncated'] }
}

/**
 * Bind the playground view to a KB.
 * @param kb The compiled KB (for article links).
 * @param kbBaseUrl Base URL of the KB sources, passed to the renderer.
 * @returns A function that builds the page's view of one input and its diagnosis.
 */
export function createPlaygroundView(
  kb: Kb,
  kbBaseUrl: string | undefined
): (
  diagnosis: Diagnosis,
  input: PlaygroundInput,
  maxBytes: number
) => PlaygroundView {
  const context: LinkContext = {
    articleIds: new Set(kb.articles.map((article) => article.id))
  }
  const html = (markdown: string): string => markdownToHtml(markdown, context)
  const stepsHtml = (steps: ReplyStep[]): string[] =>
    steps.map((step) => html(step.markdown))
  return (diagnosis, input, maxBytes) => {
    const locale = input.locale === undefined ? {} : { locale: input.locale }
    const reply = renderReply(diagnosis, {
      ...locale,
      ...(kbBaseUrl === undefined ? {} : { kbBaseUrl })
    })
    const log = normalize(input.log, { ...DEFAULT_LIMITS, maxBytes })
    return {
      reply,
      html: {
        articles: Object.fromEntries(
          reply.articles.map((article) => [
            article.id,
            {
              steps: stepsHtml(article.steps),
              cause: html(article.cause),
              verify: html(article.verify),
              ifNotHelped: html(article.ifNotHelped)
            }
          ])
        ),
        collect: stepsHtml(reply.collect?.steps ?? [])
      },
      log: {
        lines: log.lines.map((line) => ({
          n: line.n,
          text: redact(line.text)
        })),
        truncated: log.truncated
      }
    }
  }
}
