/**
 * The services' runner: with the server's (as `remedy serve` builds it, every diagnosis in its
 * worker pool) the Discord handlers diagnose in a worker and not on the main thread, answer the
 * same, record what the pool answered, and tell the user briefly when the pool cannot take the job.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type {
  APIInteraction,
  APIInteractionResponse
} from 'discord-api-types/v10'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { commands } from '../../src/interactions/commands/index.ts'
import { createDispatcher } from '../../src/interactions/dispatch.ts'
import { t } from '../../src/interactions/messages.ts'
import { createResponder } from '../../src/interactions/responder.ts'
import { createServices } from '../../src/interactions/services.ts'
import type { Services } from '../../src/interactions/types.ts'
import { DIAGNOSIS_BUSY } from '../../src/errors.ts'
import {
  createRunner,
  INLINE_MAX,
  PoolError,
  type Placement,
  type Runner
} from '../../src/runner/index.ts'
import { createLogger } from '../../src/log.ts'
import { diagnose } from '../../src/match/diagnose.ts'
import type { DiagnosisInput } from '../../src/store/types.ts'
import { chatInput } from '../fake-discord/interactions.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const LOG = 'Error: listen EADDRINUSE: address already in use :::3000'

let pool: Runner | undefined
let calls: { log: string | Uint8Array; locale: string | undefined }[]
let ran: Placement[]
let recorded: DiagnosisInput[]
let failNext: boolean
let services: Services

beforeAll(async () => {
  calls = []
  recorded = []
  failNext = false
  const config = loadConfig(
    { KB_DIR: join(ROOT, 'kb'), COOLDOWN_SECONDS: '0' },
    mkdtempSync(join(tmpdir(), 'remedy-hook-'))
  )
  ran = []
  // The server's runner, watched: what it was asked, where it ran, and a busy pool on demand.
  const watched = (kb: Services['kb']): Runner => {
    const inner = createRunner({ kb, inlineMax: INLINE_MAX.http, workers: 1 })
    pool = inner
    return {
      ...inner,
      run: async (jobs) => {
        calls.push(...jobs.map(({ log, locale }) => ({ log, locale })))
        if (failNext) {
          failNext = false
          throw new PoolError(DIAGNOSIS_BUSY(), 503)
        }
        const result = await inner.run(jobs)
        ran.push(result.ranIn)
        return result
      }
    }
  }
  services = await createServices({
    config,
    log: createLogger('silent'),
    transport: 'http',
    runner: watched,
    records: {
      recordDiagnosis: (input) => {
        recorded.push(input)
        return Promise.resolve(input.id ?? '')
      },
      stats: () => Promise.reject(new Error('not in this test'))
    }
  })
})

afterAll(async () => {
  await pool?.close()
})

/** What a handler sent: its callbacks, then its webhook calls (edits, follow-ups). */
const edits: { method: string; path: string; body: unknown }[] = []

async function run(payload: Record<string, unknown>) {
  const sent: APIInteractionResponse[] = []
  edits.length = 0
  const respond = createResponder({
    callback: (body) => {
      sent.push(body)
      return Promise.resolve()
    },
    webhook: (method, path, body) => {
      edits.push({ method, path, body })
      return Promise.resolve({})
    }
  })
  await createDispatcher(commands)(
    services,
    {
      ...payload,
      application_id: '1',
      token: 'tok',
      version: 1
    } as unknown as APIInteraction,
    respond
  )
  return sent
}

describe('the services runner', () => {
  it('should run /diagnose in a worker, answer as in-process, and record the pool diagnosis', async () => {
    const sent = await run(
      chatInput('diagnose', [{ name: 'log', type: 3, value: LOG }], {
        locale: 'zh-CN'
      })
    )
    expect(calls).toEqual([{ log: LOG, locale: 'zh-CN' }])
    expect(ran).toEqual(['worker'])
    const expected = diagnose(services.kb().matcher, LOG, { locale: 'zh-CN' })
    // Over HTTP a diagnosis is acknowledged at once, privately; the answer is the edit.
    expect(sent).toEqual([{ type: 5, data: { flags: 64 } }])
    expect(edits.map((e) => `${e.method} ${e.path}`)).toEqual([
      'PATCH /messages/@original'
    ])
    const data = (edits[0]?.body ?? {}) as { embeds?: { title?: string }[] }
    expect(expected.verdict).toBe('match')
    expect(data.embeds?.[0]?.title).toBe(expected.matches[0]?.title)
    expect(recorded.map((input) => input.diagnosis)).toEqual([expected])
    expect(recorded[0]?.transport).toBe('http')
  })

  it('should tell the user briefly when the pool is busy, and record nothing', async () => {
    calls.length = 0
    recorded.length = 0
    failNext = true
    const sent = await run(
      chatInput('diagnose', [{ name: 'log', type: 3, value: LOG }])
    )
    expect(calls).toHaveLength(1)
    expect(sent).toEqual([{ type: 5, data: { flags: 64 } }])
    expect(edits).toHaveLength(1)
    expect(edits[0]).toMatchObject({
      method: 'PATCH',
      path: '/messages/@original',
      body: { content: t('en-US', 'failed') }
    })
    expect(edits[0]?.body).not.toHaveProperty('flags')
    expect(recorded).toEqual([])
  })
})
