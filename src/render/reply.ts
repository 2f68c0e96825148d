/**
 * @module render/reply
 * Turn a diagnosis into a `Reply`: plain data that the terminal, JSON, the web page and Discord
 * render from, so every surface says the same thing.
 */
import { describeOsError } from '../match/clues/errno.ts'
import type {
  Diagnosis,
  Evidence,
  Facts,
  Match,
  StepResult
} from '../match/types.ts'
import { CANDIDATE_CONFIDENCE } from '../match/diagnose.ts'
import { wordsFor } from './i18n.ts'
import type { ConfidenceWord, Reply, ReplyArticle, ReplyStep } from './types.ts'

export interface RenderOptions {
  /** Base URL of the KB on the web (`KB_BASE_URL`); the article path is appended. */
  kbBaseUrl?: string | undefined
  /** Locale of the words around the article (defaults to the diagnosis's locale). */
  locale?: string | undefined
}

/**
 * Evidence in the reply's language: an OS error's call and object (`OS error EACCES while connecting
 * to the unix socket …`) is said in Chinese for a Chinese reply; the rest of a clue is what the log
 * or the article said, and stays as it is.
 * @param evidence The match's evidence (English).
 * @param facts The diagnosis's facts (the errors with their linked calls).
 * @param locale The locale of the reply's words.
 * @returns The evidence to show.
 */
export function localEvidence(
  evidence: Evidence[],
  facts: Facts,
  locale: string
): Evidence[] {
  if (!locale.startsWith('zh')) return evidence
  return evidence.map((item) => {
    let clue = item.clue
    for (const fact of facts.errors)
      if (fact.line === item.line && fact.operation?.object !== undefined)
        clue = clue
          .split(describeOsError(fact, 'en'))
          .join(describeOsError(fact, locale))
    return { ...item, clue }
  })
}

/** Only a `match` verdict says "Matches"; a candidate or another article is at most "Possibly". */
function word(confidence: number, verdictIsMatch: boolean): ConfidenceWord {
  if (verdictIsMatch) return 'match'
  return confidence >= CANDIDATE_CONFIDENCE ? 'possible' : 'unlikely'
}

function step(result: StepResult): ReplyStep {
  return {
    n: result.n,
    markdown: result.markdown,
    text: result.text,
    code: result.blocks,
    applies: result.applies,
    note: result.appliesNote,
    scope: result.scope
  }
}

function url(base: string | undefined, path: string): string | undefined {
  if (base === undefined || base === '') return undefined
  return `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`
}

/**
 * Build the reply for a diagnosis.
 * @param diagnosis What the engine found.
 * @param options The KB's base URL, for links.
 * @returns The reply every adapter renders.
 */
export function renderReply(
  diagnosis: Diagnosis,
  options: RenderOptions = {}
): Reply {
  const locale = options.locale ?? diagnosis.locale
  const words = wordsFor(locale)
  const labelOf = {
    match: words.match,
    possible: words.possible,
    unlikely: words.unlikely
  }
  const article = (match: Match, verdictIsMatch: boolean): ReplyArticle => ({
    id: match.id,
    title: match.title,
    summary: match.summary,
    confidence: match.confidence,
    confidenceWord: word(match.confidence, verdictIsMatch),
    confidenceLabel: labelOf[word(match.confidence, verdictIsMatch)],
    url: url(options.kbBaseUrl, match.path),
    path: match.path,
    locale: match.locale,
    evidence: localEvidence(
      match.evidence.filter((item) => item.line > 0),
      diagnosis.facts,
      locale
    ),
    steps: match.steps.map(step),
    cause: match.cause,
    verify: match.verify,
    ifNotHelped: match.ifNotHelped
  })
  const notes: string[] = []
  if (diagnosis.truncated)
    notes.push(
      words.truncated(
        diagnosis.truncated.omittedBytes,
        diagnosis.truncated.omittedLines
      )
    )
  if (diagnosis.collect?.reason === 'thin') notes.push(words.thin)
  // Values OCR may have misread are the user's to check (issue 17).
  for (const item of diagnosis.image?.unsure ?? [])
    notes.push(`Read from an image: ${item.check}.`)
  const headline =
    diagnosis.verdict === 'match'
      ? diagnosis.matches.length > 1
        ? words.headlineTwo
        : words.headlineMatch
      : diagnosis.verdict === 'candidates'
        ? words.headlineCandidates
        : words.headlineNone
  return {
    verdict: diagnosis.verdict,
    locale: diagnosis.locale,
    headline,
    articles: diagnosis.matches.map((match) =>
      article(match, diagnosis.verdict === 'match')
    ),
    others: diagnosis.others.map((match) => ({
      id: match.id,
      title: match.title,
      confidence: match.confidence,
      confidenceLabel: labelOf[word(match.confidence, false)]
    })),
    collect: diagnosis.collect
      ? {
          title: diagnosis.collect.title,
          reason: diagnosis.collect.reason,
          steps: diagnosis.collect.steps.map(step)
        }
      : undefined,
    notes,
    labels: {
      why: words.why,
      steps: words.steps,
      cause: words.cause,
      verify: words.verify,
      ifNotHelped: words.ifNotHelped,
      otherMatches: words.otherMatches,
      collect: words.collect,
      doesNotApply: words.doesNotApply,
      fixed: words.fixed,
      notHelpful: words.notHelpful,
      postPublicly: words.postPublicly,
      noMatch: words.noMatch,
      searchHint: words.searchHint,
      searchHintTerminal: words.terminalSearchHint(
        diagnosis.collect !== undefined && diagnosis.collect.steps.length > 0
      )
    },
    ...(diagnosis.image === undefined
      ? {}
      : {
          image: {
            text: diagnosis.image.text,
            confidence: diagnosis.image.confidence
          }
        })
  }
}
