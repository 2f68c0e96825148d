/**
 * @module interactions/answer
 * The shared part of every diagnosing handler (/diagnose, the modal, Apps → Diagnose, watch mode):
 * diagnose one or more texts, keep the best result in the LRU for the buttons, render it in the
 * user's locale and send it as one answer plus follow-ups.
 */
import type { Diagnosis, ImageInput } from '../match/types.ts'
import { renderReply } from '../render/reply.ts'
import type { Reply } from '../render/types.ts'
import type { Placement } from '../runner/index.ts'
import { answerMessages } from './payload.ts'
import type { AnswerOptions } from './payload.ts'
import { t, UserError } from './messages.ts'
import type { DiagnosisState } from './state.ts'
import type { Context, MessageData, Services } from './types.ts'

/** The best diagnosis over several texts, and which text it came from. */
export interface BestDiagnosis {
  diagnosis: Diagnosis
  /** The file name, when the text came from an attachment. */
  source: string | undefined
  /** The text that gave the diagnosis (for the store, which keeps only redacted error lines). */
  text: string
  /** Time the engine took over all the texts, in milliseconds. */
  latencyMs: number
  /** Files of an archive that were not read (over the archive cap). */
  skipped: number
  /** Where the texts were diagnosed (the runner decides by their total size). */
  ranIn: Placement
}

const VERDICT_RANK = { match: 2, candidates: 1, none: 0 } as const

/**
 * Diagnose each text and keep the best: a match before candidates before none, then the highest confidence.
 * The texts go to the services' runner as one request, so that all the files of an archive
 * together decide whether they run in-process or in a worker.
 * @param services The shared services (for the runner).
 * @param files The texts; `name` is undefined for a paste.
 * @param locale The user's locale, for translated articles.
 * @returns The best diagnosis and its source.
 */
export async function diagnoseFiles(
  services: Services,
  files: {
    name: string | undefined
    text: string
    skipped?: number | undefined
    /** Set for text read from a screenshot. */
    image?: ImageInput | undefined
  }[],
  locale: string
): Promise<BestDiagnosis> {
  const started = performance.now()
  const { answers, ranIn } = await services.runner.run(
    files.map((file) => ({
      kind: 'diagnosis',
      log: file.text,
      locale,
      maxBytes: services.config.maxLogBytes,
      ...(file.image === undefined ? {} : { image: file.image })
    }))
  )
  let best: Omit<BestDiagnosis, 'latencyMs' | 'skipped' | 'ranIn'> | undefined
  for (const [index, file] of files.entries()) {
    const diagnosis = answers[index]?.diagnosis
    if (diagnosis === undefined) continue
    if (best === undefined || better(diagnosis, best.diagnosis))
      best = { diagnosis, source: file.name, text: file.text }
  }
  if (best === undefined) throw new UserError('noLog')
  const skipped = Math.max(0, ...files.map((file) => file.skipped ?? 0))
  return { ...best, latencyMs: performance.now() - started, skipped, ranIn }
}

function better(a: Diagnosis, b: Diagnosis): boolean {
  const rank = VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict]
  if (rank !== 0) return rank > 0
  return (a.matches[0]?.confidence ?? 0) > (b.matches[0]?.confidence ?? 0)
}

/**
 * Stop a user who diagnoses too often.
 * @param ctx The handler context.
 * @throws {UserError} While the user's cooldown runs.
 */
export function takeCooldown(ctx: Context<unknown>): void {
  const wait = ctx.services.cooldowns.take(ctx.userId)
  if (wait > 0) throw new UserError('cooldown', { seconds: wait })
}

/**
 * Render a diagnosis in a locale, with the configured article links.
 * @param services The shared services.
 * @param diagnosis The diagnosis.
 * @param locale The locale.
 * @returns The plain reply.
 */
export function render(
  services: Services,
  diagnosis: Diagnosis,
  locale: string
): Reply {
  const localised =
    diagnosis.locale === locale ? diagnosis : { ...diagnosis, locale }
  return renderReply(localised, { kbBaseUrl: services.config.kbBaseUrl })
}

/**
 * Store a diagnosis for its buttons and build the answer messages.
 * @param ctx The handler context.
 * @param best The diagnosis and its source.
 * @param options Flags and buttons (the state id is filled in).
 * @returns The state id and the messages (answer first).
 */
export function prepareAnswer(
  ctx: Context<{
    guild_id?: string | undefined
    channel_id?: string | undefined
  }>,
  best: BestDiagnosis,
  options: Omit<AnswerOptions, 'stateId'>
): { stateId: string; reply: Reply; messages: MessageData[] } {
  const state: DiagnosisState = {
    diagnosis: best.diagnosis,
    userId: ctx.userId,
    guildId: ctx.interaction.guild_id,
    channelId: ctx.interaction.channel_id,
    source: best.source
  }
  const stateId = ctx.services.diagnoses.put(state)
  recordDiagnosis(ctx.services, stateId, state, best)
  const reply = render(ctx.services, best.diagnosis, ctx.locale)
  // "No match" is private whatever was asked: it helps nobody else in the channel.
  const ephemeral = options.ephemeral || reply.verdict === 'none'
  const matched =
    best.source === undefined || reply.verdict === 'none'
      ? undefined
      : t(ctx.locale, 'matchedFile', { file: best.source })
  // An archive over the file cap: say how many files were not read, whatever the verdict.
  const skipped =
    best.skipped > 0
      ? t(ctx.locale, 'archiveSkipped', { count: best.skipped })
      : undefined
  const sourceLine =
    matched === undefined && skipped === undefined
      ? undefined
      : [matched, skipped].filter((line) => line !== undefined).join(' ')
  const messages = answerMessages(reply, {
    ...options,
    ephemeral,
    stateId,
    sourceLine
  })
  ctx.log.info(
    {
      stateId,
      verdict: reply.verdict,
      article: reply.articles[0]?.id,
      confidence: reply.articles[0]?.confidence,
      source: best.source,
      ranIn: best.ranIn
    },
    'diagnosed'
  )
  return { stateId, reply, messages }
}

/**
 * Hand a diagnosis to the store, when one is configured, under the id its buttons carry.
 * @param services The shared services.
 * @param id The state id (the buttons' diagnosis id).
 * @param state Who asked, where.
 * @param best The diagnosis, its text and latency.
 */
export function recordDiagnosis(
  services: Services,
  id: string,
  state: DiagnosisState,
  best: BestDiagnosis
): void {
  const { records } = services
  if (records === undefined) return
  records
    .recordDiagnosis({
      id,
      guildId: state.guildId,
      channelId: state.channelId,
      userId: state.userId,
      transport: services.transport,
      diagnosis: best.diagnosis,
      log: best.text,
      latencyMs: best.latencyMs
    })
    .catch((error: unknown) => {
      services.log.warn({ err: error }, 'could not record the diagnosis')
    })
}

/**
 * Send answer messages: the first as the reply (the edit of the deferred reply when the dispatcher
 * deferred, see `Responder.reply`), the rest as follow-ups.
 * @param ctx The handler context.
 * @param messages The messages.
 */
export async function sendAnswer(
  ctx: Context<unknown>,
  messages: MessageData[]
): Promise<void> {
  const [first, ...rest] = messages
  if (first === undefined) return
  await ctx.respond.reply(first)
  for (const message of rest) await ctx.respond.followUp(message)
}
