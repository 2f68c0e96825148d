/**
 * Two `remedy serve` instances on one PostgreSQL database behind one address (issue 18): 5,000
 * signed Discord interactions (2,500 `/diagnose`, each followed by a click on its "fixed it" button,
 * which lands on either instance), then a check that nothing acknowledged is missing from the
 * database. Prints the acknowledgement latency (p50, p99) and the throughput.
 *
 * PostgreSQL: `REMEDY_TEST_PG_URL` (a superuser URL), or a throwaway cluster from Debian's
 * `postgresql` package; without either the suite says it was skipped.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import pg from 'pg'
import { t } from '../src/interactions/messages.ts'
import { startFakeDiscord } from '../test/fake-discord/index.ts'
import { makeKeys } from '../test/http/keys.ts'
import {
  percentile,
  runLoad,
  startBalancer,
  startInstance
} from '../test/integration/instances.ts'
import { findPgBin, startCluster } from '../test/pg/cluster.ts'
import type { Cluster } from '../test/pg/cluster.ts'

const ROOT = join(import.meta.dirname, '..')
const INTERACTIONS = Number(process.env.BENCH_INTERACTIONS ?? 5000)
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 6)
const LOG = 'Error: listen EADDRINUSE: address already in use :::3000'

const dir = mkdtempSync(join(tmpdir(), 'remedy-bench-instances-'))
// The cluster's server runs as the `postgres` user, who must reach its folder inside this one.
chmodSync(dir, 0o755)
let cluster: Cluster | undefined
let adminUrl = process.env.REMEDY_TEST_PG_URL ?? ''
if (adminUrl === '') {
  const bin = findPgBin()
  if (bin === undefined) {
    console.log(
      'skipped: two instances on PostgreSQL (no server: set REMEDY_TEST_PG_URL, or install Debian’s postgresql package)'
    )
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  }
  cluster = await startCluster(join(dir, 'cluster'), bin)
  adminUrl = cluster.url
}

const name = `remedy_bench_${process.pid}`
const admin = new pg.Client({ connectionString: adminUrl })
await admin.connect()
await admin.query(`CREATE DATABASE ${name}`)
const url = new URL(adminUrl)
url.pathname = `/${name}`

const keys = makeKeys()
const fake = await startFakeDiscord()
const env = {
  REMEDY_DB: url.toString(),
  REMEDY_SALT: 'bench',
  KB_DIR: join(ROOT, 'kb'),
  COOLDOWN_SECONDS: '0',
  LOG_LEVEL: 'warn',
  DISCORD_PUBLIC_KEY: keys.publicKeyHex,
  DISCORD_APPLICATION_ID: fake.applicationId,
  DISCORD_API_BASE: fake.apiBase
}
const instances = await Promise.all(
  ['a', 'b'].map((id) => startInstance(id, env, dir))
)
const balancer = await startBalancer(instances)
let failed = false
try {
  const started = performance.now()
  const result = await runLoad({
    balancer,
    fake,
    keys,
    diagnoses: Math.ceil(INTERACTIONS / 2),
    concurrency: CONCURRENCY,
    log: LOG,
    thanks: t('en-US', 'feedbackThanks'),
    expiredText: t('en-US', 'expired')
  })
  const seconds = (performance.now() - started) / 1000

  // Diagnoses are recorded just after their answer: give the last writes a moment.
  const db = new pg.Client({ connectionString: url.toString() })
  await db.connect()
  const ids = async (table: string, column: string): Promise<Set<string>> =>
    new Set(
      (
        await db.query<{ id: string }>(`SELECT ${column} AS id FROM ${table}`)
      ).rows.map((row) => row.id)
    )
  let diagnoses = await ids('diagnoses', 'id')
  for (
    let waited = 0;
    diagnoses.size < result.diagnoses.size && waited < 10_000;
    waited += 100
  ) {
    await new Promise((done) => setTimeout(done, 100))
    diagnoses = await ids('diagnoses', 'id')
  }
  const votes = await ids('feedback', 'diagnosis_id')
  await db.end()
  const missingDiagnoses = [...result.diagnoses.keys()].filter(
    (id) => !diagnoses.has(id)
  ).length
  const missingVotes = [...result.votes.keys()].filter(
    (id) => !votes.has(id)
  ).length
  const acknowledged = result.latencies.length
  const by = (name: string): number =>
    [...result.diagnoses.values()].filter((instance) => instance === name)
      .length
  console.log(
    [
      `two instances, ${CONCURRENCY} in flight: ${acknowledged} of ${Math.ceil(INTERACTIONS / 2) * 2} signed interactions acknowledged in ${seconds.toFixed(1)} s (${(acknowledged / seconds).toFixed(0)}/s)`,
      `  diagnoses answered by a: ${by('a')}, by b: ${by('b')}; clicks answered by the other instance: ${result.crossed}`,
      `  acknowledgement latency: p50 ${percentile(result.latencies, 0.5).toFixed(1)} ms, p99 ${percentile(result.latencies, 0.99).toFixed(1)} ms, max ${percentile(result.latencies, 1).toFixed(1)} ms`,
      `  in the database: ${result.diagnoses.size - missingDiagnoses}/${result.diagnoses.size} acknowledged diagnoses, ${result.votes.size - missingVotes}/${result.votes.size} acknowledged votes; ${result.lost} unacknowledged, ${result.expired} clicks expired`,
      ...result.otherAnswers.map((text) => `  a click answered: ${text}`),
      ...result.buttonless.map((text) => `  a diagnosis answered: ${text}`)
    ].join('\n')
  )
  failed =
    missingDiagnoses > 0 ||
    missingVotes > 0 ||
    result.lost > 0 ||
    result.expired > 0 ||
    result.otherAnswers.length > 0 ||
    result.buttonless.length > 0 ||
    acknowledged < Math.ceil(INTERACTIONS / 2) * 2
  if (failed) console.log('FAILED: something acknowledged was lost')
} finally {
  for (const instance of instances) instance.child.kill('SIGTERM')
  await Promise.all(instances.map((instance) => instance.exit))
  await balancer.close()
  await fake.close()
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
  await cluster?.stop()
  rmSync(dir, { recursive: true, force: true })
}
process.exitCode = failed ? 1 : 0
