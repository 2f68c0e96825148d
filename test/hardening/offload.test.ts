/**
 * The gateway bot diagnoses long logs in a worker thread (`bench/event-loop.ts` measures why: a
 * hostile 1 MB paste blocks the loop for about half a second in-process). The answer must be the
 * same as in-process, and short logs must not start a worker at all.
 */
import { resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createOffload } from '../../src/discord/offload.ts'
import { loadKb } from '../../src/kb/load.ts'
import { createLogger } from '../../src/log.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import { createMatcher } from '../../src/match/matcher.ts'
import { evalLog, startHarness } from '../discord/harness.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const WSL_LOG = evalLog('dora-001')
const { kb } = await loadKb(resolve(ROOT, 'kb'))
const state = { kb, matcher: createMatcher(kb) }
const offload = createOffload(() => state, {
  logger: createLogger('silent'),
  thresholdChars: 1000
})

afterAll(async () => {
  await offload.close()
})

describe('createOffload', () => {
  it('should diagnose a short log in-process, without starting a worker', async () => {
    const diagnosis = await offload.diagnose(WSL_LOG, { locale: 'en-US' })
    expect(diagnosis.matches[0]?.id).toBe('zenoh-multicast-bind-failed')
    expect(offload.started()).toBe(false)
  })

  it('should diagnose a long log in a worker, with the same answer as in-process', async () => {
    const long = `${'noise line\n'.repeat(5000)}${WSL_LOG}`
    const inline = diagnose(state.matcher, long, { locale: 'en-US' })
    const offloaded = await offload.diagnose(long, { locale: 'en-US' })
    expect(offload.started()).toBe(true)
    expect(offloaded.verdict).toBe(inline.verdict)
    expect(offloaded.matches.map((m) => [m.id, m.confidence])).toEqual(
      inline.matches.map((m) => [m.id, m.confidence])
    )
  })
})

describe('the gateway bot', () => {
  it('should diagnose through the offload hook (defence: startBot wires it)', async () => {
    const h = await startHarness()
    try {
      expect(h.bot.services.diagnose).toBeTypeOf('function')
    } finally {
      await h.close()
    }
  })
})
