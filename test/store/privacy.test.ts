/**
 * Nothing unredacted reaches the database: logs full of tokens, keys, passwords, e-mail addresses
 * and home paths are recorded as unanswered, and the bytes of the database file and its WAL are
 * searched for every secret, in its raw form and for the distinctive letters inside it (masking
 * lower-cases and replaces digits, so a secret that slipped through would survive only in parts).
 * On PostgreSQL the same search reads the database's files and the cluster's WAL.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openStore } from '../../src/store/index.ts'
import type { Store } from '../../src/store/index.ts'
import { PG_REQUIRED, testPostgres } from '../pg/index.ts'
import { makeDiagnosis, tempDir } from './helpers.ts'

/** Each secret carries a marker: letters that appear nowhere else, to find fragments of it. */
const SECRETS: { name: string; value: string; marker: string }[] = [
  {
    name: 'Discord bot token',
    value:
      'MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.QvzXbwTrkPmd0123456789abcdefghijklmn',
    marker: 'QvzXbwTrkPmd'
  },
  {
    name: 'GitHub token',
    value: 'ghp_JqwzvRtyXkmb0123456789abcdefABCDEF0123',
    marker: 'JqwzvRtyXkmb'
  },
  {
    name: 'AWS access key id',
    value: 'AKIAQWZXJVKPLMNB7EXA',
    marker: 'QWZXJVKPLMNB'
  },
  {
    name: 'AWS secret key',
    value: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzqvkwjxhEY',
    marker: 'zqvkwjxh'
  },
  {
    name: 'Slack token',
    value: 'xoxb-123456789012-1234567890123-ZkqvWxjyPlmnOpQrStUvWx',
    marker: 'ZkqvWxjyPlmn'
  },
  {
    name: 'OpenAI-style key',
    value: 'sk-proj-Vqzxkjwb4TfR9mNpL2sD8hGc6yEa1uIoQwErTy',
    marker: 'Vqzxkjwb'
  },
  {
    name: 'JWT',
    value:
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxcXZ6a3dqYm9ubyJ9.Kq3vZxjwPt7mRn2sLd8hGc6yEa1uIo',
    marker: 'Kq3vZxjwPt7mRn'
  },
  { name: 'password in a URL', value: 'Hq7zXkvwJp2m', marker: 'Hq7zXkvwJp2m' },
  {
    name: 'password assignment',
    value: 'Wzqxkvj9Lmp4',
    marker: 'Wzqxkvj9Lmp4'
  },
  {
    name: 'bearer token',
    value: 'Pzqxvkjw7Rt5Nm3Lk9Hg2Fd4Sa6',
    marker: 'Pzqxvkjw'
  },
  {
    name: 'session id',
    value: 'Zx9Qm2Lp7Rt4Vb8Nc1Kd5Hf3Jg6Ws0Ye',
    marker: 'Zx9Qm2Lp7Rt4Vb8Nc1Kd5'
  },
  {
    name: 'e-mail address',
    value: 'quinzella.vokworth@example.org',
    marker: 'quinzella'
  },
  { name: 'Linux home', value: '/home/xavierquonk/', marker: 'xavierquonk' },
  { name: 'macOS home', value: '/Users/yolandezerp/', marker: 'yolandezerp' },
  {
    name: 'Windows home',
    value: 'C:\\Users\\Wilbertqix\\',
    marker: 'Wilbertqix'
  },
  {
    name: 'private key body',
    value: 'MIIEpAIBAAKCAQEAzqvwkjxbPLMNOPQRSTUVWXYZ0123456789abcdefghijklmn',
    marker: 'zqvwkjxbPLMNOPQ'
  }
]

const USER_ID = '918273645546372819'

const LOG = [
  'ERROR failed to log in to Discord with token MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.QvzXbwTrkPmd0123456789abcdefghijklmn',
  'error: git clone failed: remote: Invalid username or password (token ghp_JqwzvRtyXkmb0123456789abcdefABCDEF0123)',
  'Error: S3 upload failed for AKIAQWZXJVKPLMNB7EXA: aws_secret_access_key=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 rejected',
  'error: slack webhook failed: xoxb-123456789012-1234567890123-ZkqvWxjyPlmnOpQrStUvWx invalid_auth',
  'openai.AuthenticationError: Incorrect API key provided: sk-proj-Vqzxkjwb4TfR9mNpL2sD8hGc6yEa1uIoQwErTy',
  'Error: jwt expired: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJxcXZ6a3dqYm9ubyJ9.Kq3vZxjwPt7mRn2sLd8hGc6yEa1uIo',
  'FATAL: could not connect to postgres://admin:Hq7zXkvwJp2m@db.internal:5432/remedy',
  'error: login failed with password=Wzqxkvj9Lmp4 for user robot',
  'error: 401 Unauthorized: Authorization: Bearer Pzqxvkjw7Rt5Nm3Lk9Hg2Fd4Sa6',
  'error: session Zx9Qm2Lp7Rt4Vb8Nc1Kd5Hf3Jg6Ws0Ye expired',
  'error: mail to quinzella.vokworth@example.org failed',
  'Error: cannot open /home/xavierquonk/dora/dataflow.yml: permission denied',
  'Error: cannot open /Users/yolandezerp/dora/dataflow.yml: permission denied',
  'Error: cannot open C:\\Users\\Wilbertqix\\dora\\dataflow.yml: access denied',
  'error: bad key file:',
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEpAIBAAKCAQEAzqvwkjxbPLMNOPQRSTUVWXYZ0123456789abcdefghijklmn',
  '-----END RSA PRIVATE KEY-----'
].join('\n')

let dir: string
let cleanup: () => void

beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})

afterEach(() => {
  cleanup()
})

function bytesOf(path: string): string {
  return ['', '-wal', '-shm']
    .map((suffix) => `${path}${suffix}`)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file).toString('latin1'))
    .join('\n')
}

function leaks(bytes: string): string[] {
  const lower = bytes.toLowerCase()
  const found: string[] = []
  for (const secret of SECRETS) {
    if (
      bytes.includes(secret.value) ||
      lower.includes(secret.value.toLowerCase())
    )
      found.push(`${secret.name} (whole)`)
    else if (lower.includes(secret.marker.toLowerCase()))
      found.push(`${secret.name} (part)`)
  }
  if (bytes.includes(USER_ID)) found.push('user id')
  return found
}

/** Record the secret-laden log three times (unanswered, so it is kept) and one vote. */
async function plant(store: Store): Promise<void> {
  const chain = LOG.split('\n').slice(0, 3)
  for (let n = 0; n < 3; n++) {
    await store.recordDiagnosis({
      transport: 'gateway',
      guildId: '1000',
      channelId: '2000',
      userId: USER_ID,
      diagnosis: makeDiagnosis({
        verdict: n === 0 ? 'none' : 'candidates',
        chain,
        matches: n === 0 ? [] : [{ id: 'a', confidence: 0.3 }]
      }),
      log: LOG,
      latencyMs: 4
    })
  }
  await store.recordFeedback({
    diagnosisId: 'whatever',
    userId: USER_ID,
    vote: 'fixed'
  })

  // The logs were kept (so the search is not vacuous), in their redacted and masked form.
  const kept = await store.unanswered()
  expect(kept).toHaveLength(3)
  expect(kept[0]?.excerpt.split('\n').length).toBeGreaterThanOrEqual(10)
  expect(kept[0]?.excerpt).toContain('[email]')
  expect(kept[0]?.template).toContain('[discord token]')
}

describe('the database file', () => {
  it('should hold none of the secrets planted in recorded logs, in the main file or the WAL', async () => {
    const path = join(dir, 'remedy.sqlite')
    const store = openStore(path, { salt: 'privacy-salt' })
    await plant(store)

    // While the store is open the rows are in the WAL; after close, in the main file.
    expect(existsSync(`${path}-wal`)).toBe(true)
    expect(leaks(bytesOf(path))).toEqual([])
    await store.close()
    expect(leaks(bytesOf(path))).toEqual([])
  })

  it('should find a planted secret when it is written unredacted (the search works)', () => {
    const bytes = `xx${SECRETS.map((secret) => secret.marker.toLowerCase()).join(' ')}${USER_ID}`
    expect(leaks(bytes)).toHaveLength(SECRETS.length + 1)
  })
})

describe('forget and purge', () => {
  it('should leave no trace of forgotten logs in the file bytes', async () => {
    const path = join(dir, 'remedy.sqlite')
    const store = openStore(path, { salt: 'privacy-salt' })
    const marker = 'error: dataflow quorvexia-pipeline failed to start'
    await store.recordDiagnosis({
      transport: 'gateway',
      userId: USER_ID,
      diagnosis: makeDiagnosis({ verdict: 'none' }),
      log: marker,
      latencyMs: 1
    })
    await store.close()
    expect(bytesOf(path)).toContain('quorvexia')

    const again = openStore(path, { salt: 'privacy-salt' })
    expect(await again.forgetUser(USER_ID)).toEqual({
      diagnoses: 1,
      feedback: 0,
      logs: 1
    })
    // secure_delete zeroes the freed pages and the checkpoint empties the WAL.
    expect(bytesOf(path)).not.toContain('quorvexia')
    await again.close()
    expect(bytesOf(path)).not.toContain('quorvexia')
  })
})

const server = await testPostgres('the byte search of a PostgreSQL database')
const files = server?.databaseDir !== undefined && server.dataDir !== undefined
if (server !== undefined && !files) {
  // With REMEDY_TEST_PG_URL the server's files are elsewhere: the search cannot read them.
  if (PG_REQUIRED && process.env.REMEDY_TEST_PG_URL === undefined)
    throw new Error('test: the throwaway cluster has no data folder')
  console.warn(
    'skipped: the byte search of a PostgreSQL database (REMEDY_TEST_PG_URL names a server whose files this process cannot read)'
  )
}

afterAll(async () => {
  await server?.drop()
})

/** Every file under a folder, as latin1 text. */
function folderBytes(folder: string): string {
  const out: string[] = []
  for (const name of readdirSync(folder, { recursive: true })) {
    const file = join(folder, String(name))
    if (statSync(file).isFile()) out.push(readFileSync(file).toString('latin1'))
  }
  return out.join('\n')
}

describe(`a PostgreSQL database${files ? '' : ' (skipped: no PostgreSQL server whose files can be read)'}`, () => {
  it.skipIf(!files)(
    'should hold none of the secrets planted in recorded logs, in its tables or the WAL',
    async () => {
      if (server?.databaseDir === undefined || server.dataDir === undefined)
        return
      const url = await server.freshSchema()
      const store = openStore(url, { salt: 'privacy-salt' })
      await plant(store)
      await store.close()
      // Write every dirty page and the WAL to disk, so that the search reads what the server holds.
      const admin = new pg.Client({ connectionString: server.url })
      await admin.connect()
      await admin.query('CHECKPOINT')
      await admin.end()
      const bytes = `${folderBytes(server.databaseDir)}\n${folderBytes(join(server.dataDir, 'pg_wal'))}`
      // The rows are there (so the search is not vacuous): the masked template was written.
      expect(bytes).toContain('[discord token]')
      expect(leaks(bytes)).toEqual([])
    }
  )
})
