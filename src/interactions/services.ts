/**
 * @module interactions/services
 * Build the {@link Services} every handler shares: the KB and its matcher (compiled once, swapped
 * whole on a successful reload), the diagnosis LRU, cooldowns and the feedback sink.
 */
import type { Config } from '../config.ts'
import { KB_NOT_LOADABLE } from '../errors.ts'
import { loadKbSource } from '../kb/index-file.ts'
import type { Kb } from '../kb/types.ts'
import type { Logger } from '../log.ts'
import { createMatcher } from '../match/matcher.ts'
import { createOcr } from '../ocr/engine.ts'
import { createRunner, type Runner } from '../runner/index.ts'
import { createCooldowns } from './cooldown.ts'
import { memoryFeedback } from './feedback.ts'
import type { FeedbackSink } from './feedback.ts'
import { createSharedDiagnosisCache } from './shared-state.ts'
import { createDiagnosisCache } from './state.ts'
import type { ChannelApi, KbFinding, KbState, Services } from './types.ts'

/** What {@link createServices} needs; everything but config and log has a default. */
export interface ServiceOptions {
  config: Config
  log: Logger
  transport: Services['transport']
  feedback?: FeedbackSink
  records?: Services['records']
  /**
   * Build the host's runner on the KB getter the services keep (it follows reloads); without one,
   * every diagnosis runs in-process.
   */
  runner?: (kb: () => KbState) => Runner
  fetch?: typeof fetch
  channels?: ChannelApi
  /** Load a KB folder at start (the real loader by default). */
  loadKb?: (dir: string) => Promise<{ kb: Kb; findings: KbFinding[] }>
  /** Load and lint a KB folder for `/kb-admin reload` (the full `remedy lint` by default). */
  lintKb?: (dir: string) => Promise<{ kb: Kb; findings: KbFinding[] }>
  now?: () => number
}

/**
 * Load the KB and build the shared services.
 * @param options Configuration, logger and optional replacements.
 * @returns The services.
 * @throws When the KB folder cannot be read.
 */
export async function createServices(
  options: ServiceOptions
): Promise<Services> {
  const { config, log } = options
  const load = options.loadKb ?? loadKbSource
  // The linter (remark, the ReDoS checker) is loaded on the first reload only: a server that is
  // never reloaded does not hold it in memory.
  const lint =
    options.lintKb ??
    (async (dir: string) => (await import('../lint/index.ts')).lintKb(dir))
  const fatal = (findings: KbFinding[]) =>
    findings.filter((finding) => finding.fatal === true)
  const first = await load(config.kbDir)
  const firstFatal = fatal(first.findings)
  if (firstFatal.length > 0)
    throw new Error(KB_NOT_LOADABLE(config.kbDir, firstFatal.length))
  let current: KbState = { kb: first.kb, matcher: createMatcher(first.kb) }
  log.info(
    { articles: current.matcher.articles.length, kbVersion: first.kb.version },
    'knowledge base loaded'
  )
  return {
    config,
    log,
    transport: options.transport,
    feedback: options.feedback ?? memoryFeedback(),
    records: options.records,
    runner: (options.runner ?? ((kb) => createRunner({ kb })))(() => current),
    // Several instances share the store's button state; one process keeps it in memory.
    diagnoses:
      options.records?.states === undefined
        ? createDiagnosisCache()
        : createSharedDiagnosisCache(options.records.states, { log }),
    cooldowns: createCooldowns(config.cooldownSeconds, options.now),
    watchCooldowns: createCooldowns(config.watchCooldownSeconds, options.now),
    fetch: options.fetch ?? fetch,
    channels: options.channels,
    // Starts no worker until the first image.
    ocr: createOcr(),
    kb: () => current,
    reloadKb: async () => {
      // A reload must pass the whole lint (examples, regexes), as a pull request would; an index
      // from `remedy build` was built from a KB without errors, and is read as it is.
      const next = config.kbDir.endsWith('.json')
        ? await load(config.kbDir)
        : await lint(config.kbDir)
      const errors = fatal(next.findings)
      if (errors.length > 0) {
        log.warn(
          { findings: errors.length },
          'knowledge base reload refused: the old one keeps serving'
        )
        return { replaced: false, findings: errors }
      }
      current = { kb: next.kb, matcher: createMatcher(next.kb) }
      log.info(
        {
          articles: current.matcher.articles.length,
          kbVersion: next.kb.version
        },
        'knowledge base reloaded'
      )
      return { replaced: true, findings: next.findings }
    }
  }
}
