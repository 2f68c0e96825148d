/**
 * @module runner/jobs
 * What a diagnosis job asks for, and the one function that runs it: the same {@link runJob} answers
 * in-process and in a worker thread, so both give the same bytes. Adding a job kind touches
 * {@link JobKind} and the switch in {@link runJob}, nothing else.
 */
import type { Kb } from '../kb/types.ts'
import { diagnose } from '../match/diagnose.ts'
import { createMatcher, type Matcher } from '../match/matcher.ts'
import type { Diagnosis, ImageInput } from '../match/types.ts'
import { toJson } from '../render/json.ts'
import type { createPlaygroundView } from '../render/playground.ts'

/**
 * What a job answers besides the diagnosis: `json` the text of `toJson(diagnosis)` (the API),
 * `playground` the page's view, and `diagnosis` nothing more (the Discord handlers and the CLI,
 * which render the diagnosis themselves).
 */
export type JobKind = 'json' | 'playground' | 'diagnosis'

/** One diagnosis to run. */
export interface DiagnosisJob {
  kind: JobKind
  log: string | Uint8Array
  /** The locale to answer in, where a translation exists. */
  locale: string | undefined
  /** Bytes of the log the matcher reads (the head and the tail beyond it). */
  maxBytes: number
  /** How many candidates to keep (the engine's default when absent). */
  top?: number | undefined
  /** Set when `log` is text read from an image (OCR): the words and their confidence. */
  image?: ImageInput | undefined
}

/** What a job answers. */
export interface JobAnswer {
  /** The JSON of the result as UTF-8; undefined for the `diagnosis` kind. */
  body: Uint8Array<ArrayBuffer> | undefined
  /** The diagnosis itself, for the store and the Discord handlers. */
  diagnosis: Diagnosis
  /** Time the engine took, in milliseconds (queueing not included). */
  latencyMs: number
}

/** The playground's view of one diagnosis, bound to a KB. */
type PlaygroundView = ReturnType<typeof createPlaygroundView>

/** What jobs run on: a KB's matcher and the playground's view of it, built once per KB. */
export interface Engine {
  matcher: Matcher
  /**
   * The playground's view of this KB. Its HTML renderer is loaded on the first playground job only,
   * so that the CLI and the bots never load it.
   */
  playground: () => Promise<PlaygroundView>
}

/**
 * Build what jobs run on from a KB.
 * @param kb The KB.
 * @param kbBaseUrl Base URL of the KB sources, for article links.
 * @param matcher The KB's matcher when it is already compiled (compiled here otherwise).
 * @returns The engine.
 */
export function createEngine(
  kb: Kb,
  kbBaseUrl: string | undefined,
  matcher: Matcher = createMatcher(kb)
): Engine {
  let view: Promise<PlaygroundView> | undefined
  return {
    matcher,
    playground: () =>
      (view ??= import('../render/playground.ts').then((module) =>
        module.createPlaygroundView(kb, kbBaseUrl)
      ))
  }
}

const encoder = new TextEncoder()

/**
 * Run one job: diagnose its log, then answer what its kind asks for.
 * @param engine The engine of the KB serving now.
 * @param job The job.
 * @returns The body for its kind, the diagnosis and the engine's time.
 * @example
 * await runJob(createEngine(kb, undefined), { kind: 'json', log, locale: undefined, maxBytes: 1 << 20 })
 */
export async function runJob(
  engine: Engine,
  job: DiagnosisJob
): Promise<JobAnswer> {
  const started = performance.now()
  const diagnosis = diagnose(engine.matcher, job.log, {
    limits: { maxBytes: job.maxBytes },
    ...(job.locale === undefined ? {} : { locale: job.locale }),
    ...(job.top === undefined ? {} : { top: job.top }),
    ...(job.image === undefined ? {} : { image: job.image })
  })
  const latencyMs = performance.now() - started
  let body: unknown
  switch (job.kind) {
    case 'json':
      body = toJson(diagnosis)
      break
    case 'playground':
      body = (await engine.playground())(diagnosis, job, job.maxBytes)
      break
    case 'diagnosis':
      body = undefined
      break
  }
  return {
    // UTF-8 bytes: a worker hands them over without a copy, and the server writes them as they are.
    body: body === undefined ? undefined : encoder.encode(JSON.stringify(body)),
    diagnosis,
    latencyMs
  }
}
