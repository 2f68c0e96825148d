/**
 * Issue 18: "any HTTP instance answers any button". Two `remedy serve` processes share one
 * PostgreSQL database behind one address that sends each signed interaction to either at random:
 * a button made by one is answered by the other, each instance's stats count every instance's
 * records, and one instance killed mid-load loses no acknowledged vote (a vote is written before it
 * is acknowledged; a diagnosis is recorded just after its answer, by design, so the test holds the
 * survivor's diagnoses to the same rule and counts the victim's).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { t } from '../../src/interactions/messages.ts'
import { openStore } from '../../src/store/index.ts'
import type { Stats, Store } from '../../src/store/index.ts'
import { startFakeDiscord, type FakeDiscord } from '../fake-discord/index.ts'
import { makeKeys } from '../http/keys.ts'
import { pgSkipNote, testPostgres } from '../pg/index.ts'
import {
  runLoad,
  startBalancer,
  startInstance,
  type Balancer,
  type Instance
} from './instances.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const LOG = 'Error: listen EADDRINUSE: address already in use :::3000'
/** 150 diagnoses and 150 clicks: 300 signed interactions. */
const DIAGNOSES = 150

const server = await testPostgres(
  'two HTTP instances on one PostgreSQL database'
)
const keys = makeKeys()
let dir = ''
let fake: FakeDiscord | undefined
let instances: Instance[] = []
let balancer: Balancer | undefined
let store: Store | undefined
let url = ''

beforeAll(async () => {
  if (server === undefined) return
  dir = mkdtempSync(join(tmpdir(), 'remedy-instances-'))
  url = await server.freshSchema()
  fake = await startFakeDiscord()
  const env = {
    REMEDY_DB: url,
    REMEDY_SALT: 'instances',
    KB_DIR: join(ROOT, 'kb'),
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'warn',
    DISCORD_PUBLIC_KEY: keys.publicKeyHex,
    DISCORD_APPLICATION_ID: fake.applicationId,
    DISCORD_API_BASE: fake.apiBase
  }
  instances = await Promise.all(
    ['a', 'b'].map((name) => startInstance(name, env, dir))
  )
  balancer = await startBalancer(instances)
  store = openStore(url, { salt: 'instances' })
})

afterAll(async () => {
  for (const instance of instances)
    if (instance.child.exitCode === null) instance.child.kill('SIGKILL')
  await balancer?.close()
  await fake?.close()
  await store?.close()
  await server?.drop()
  if (dir !== '') rmSync(dir, { recursive: true, force: true })
})

async function statsOf(instance: Instance): Promise<Stats> {
  const response = await fetch(`${instance.url}/api/stats`)
  expect(response.status).toBe(200)
  return (await response.json()) as Stats
}

describe(`two HTTP instances behind one address${pgSkipNote(server)}`, () => {
  it.skipIf(server === undefined)(
    'should answer buttons made by the other instance, count every record in each, and lose no acknowledged vote when one is killed',
    async () => {
      if (balancer === undefined || fake === undefined || store === undefined)
        throw new Error('test: the instances did not start')
      const [a, b] = instances
      if (a === undefined || b === undefined)
        throw new Error('test: two instances')
      const result = await runLoad({
        balancer,
        fake,
        keys,
        diagnoses: DIAGNOSES,
        concurrency: 6,
        log: LOG,
        thanks: t('en-US', 'feedbackThanks'),
        expiredText: t('en-US', 'expired'),
        // Halfway, `b` dies with interactions in flight; the balancer sends the rest to `a`.
        midway: {
          after: DIAGNOSES / 2,
          run: () => {
            b.child.kill('SIGKILL')
          }
        }
      })

      // Both instances answered, and clicks crossed from one to the other and were answered.
      const answeredBy = new Set(result.diagnoses.values())
      expect([...answeredBy].sort()).toEqual(['a', 'b'])
      expect(result.crossed).toBeGreaterThan(0)
      // A click is answered "thanks", or "expired" when its state died with `b` before it was written.
      if (result.buttonless.length + result.otherAnswers.length > 0)
        console.log(a.stderr().slice(-4000), b.stderr().slice(-4000))
      expect(result.otherAnswers).toEqual([])
      expect(result.buttonless).toEqual([])
      // Almost every interaction was acknowledged: only those in flight on `b` when it died were not.
      expect(result.diagnoses.size + result.votes.size).toBeGreaterThan(
        DIAGNOSES * 2 * 0.8
      )

      // Every acknowledged vote is in the database, by its diagnosis id.
      const db = new pg.Client({ connectionString: url })
      await db.connect()
      const stored = new Set(
        (
          await db.query<{ id: string }>(
            'SELECT diagnosis_id AS id FROM feedback'
          )
        ).rows.map((row) => row.id)
      )
      await db.end()
      expect([...result.votes.keys()].filter((id) => !stored.has(id))).toEqual(
        []
      )
      // A vote `b` wrote but died before acknowledging is there too: more is fine, less is not.
      const stats = await store.stats()
      expect(stats.votes.fixed).toBeGreaterThanOrEqual(result.votes.size)
      expect(stats.votes.fixed).toBe(stored.size)
      // Every diagnosis the survivor acknowledged is there (it records them just after answering).
      const survivors = [...result.diagnoses].filter(([, by]) => by === 'a')
      const deadline = Date.now() + 10_000
      let total = stats.total
      while (total < survivors.length && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 50))
        total = (await store.stats()).total
      }
      expect(total).toBeGreaterThanOrEqual(survivors.length)
      // And none that was not asked for: `b` may have recorded an answer it died before delivering
      // (so more than were acknowledged is fine), but never more than were sent.
      expect(total).toBeLessThanOrEqual(DIAGNOSES)

      // The survivor's own stats page counts what both instances recorded.
      const seen = await statsOf(a)
      expect(seen.total).toBe(total)
      expect(seen.votes.fixed).toBe(stats.votes.fixed)
      expect(
        [...result.diagnoses.values()].filter((by) => by === 'b').length
      ).toBeGreaterThan(0)

      a.child.kill('SIGTERM')
      expect(await a.exit).toBe(0)
      expect(a.stderr()).not.toMatch(/"level":(50|60)/)
      console.log(
        `two instances: ${result.latencies.length} signed interactions acknowledged, ${result.crossed} clicks answered by the other instance, ${result.lost} lost in flight when b died, ${result.expired} clicks expired`
      )
    },
    180_000
  )
})
