import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig, requireConfig } from './config.ts'
import { CONFIG_INVALID, CONFIG_MISSING } from './errors.ts'

const dirs: string[] = []
function folder(dotenv?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'remedy-config-'))
  dirs.push(dir)
  if (dotenv !== undefined) writeFileSync(join(dir, '.env'), dotenv)
  return dir
}
afterEach(() => {
  for (const dir of dirs.splice(0))
    rmSync(dir, { recursive: true, force: true })
})

describe('loadConfig', () => {
  it('should apply the defaults', () => {
    const dir = folder()
    expect(loadConfig({}, dir)).toEqual({
      discordToken: undefined,
      applicationId: undefined,
      guildId: undefined,
      apiBase: undefined,
      publicKey: undefined,
      kbDir: join(dir, 'kb'),
      kbBaseUrl: undefined,
      watchChannels: [],
      watchCooldownSeconds: 300,
      cooldownSeconds: 3,
      maxAttachmentBytes: 8 * 1024 * 1024,
      attachmentTimeoutMs: 15_000,
      maxLogBytes: 1024 * 1024,
      port: 8787,
      host: '127.0.0.1',
      dbPath: join(dir, 'data/remedy.sqlite'),
      dbPoolSize: 10,
      dbStatementTimeoutMs: 10_000,
      logLevel: 'info'
    })
  })

  it('should read .env, let the environment win, and parse lists and numbers', () => {
    const dir = folder(
      'DISCORD_TOKEN=from-file\nDISCORD_APPLICATION_ID=123\nWATCH_CHANNELS=1, 2 3\nMAX_ATTACHMENT_BYTES=1024\n'
    )
    const config = loadConfig(
      {
        DISCORD_TOKEN: 'from-env',
        DISCORD_API_BASE: 'http://127.0.0.1:9/api/',
        KB_DIR: 'other'
      },
      dir
    )
    expect(config.discordToken).toBe('from-env')
    expect(config.applicationId).toBe('123')
    expect(config.watchChannels).toEqual(['1', '2', '3'])
    expect(config.maxAttachmentBytes).toBe(1024)
    expect(config.apiBase).toBe('http://127.0.0.1:9/api')
    expect(config.kbDir).toBe(join(dir, 'other'))
  })

  it.each([
    ['data/other.sqlite', (dir: string) => join(dir, 'data/other.sqlite')],
    [
      'postgres://remedy:pw@db.internal:5432/remedy',
      () => 'postgres://remedy:pw@db.internal:5432/remedy'
    ],
    [
      'postgresql://db/remedy?sslmode=require',
      () => 'postgresql://db/remedy?sslmode=require'
    ]
  ])(
    'should read REMEDY_DB %s as a file or a PostgreSQL URL',
    (value, expected) => {
      const dir = folder()
      expect(loadConfig({ REMEDY_DB: value }, dir).dbPath).toBe(expected(dir))
    }
  )

  it('should treat empty values as unset', () => {
    expect(
      loadConfig({ DISCORD_GUILD_ID: '', KB_BASE_URL: ' ' }, folder()).guildId
    ).toBeUndefined()
  })

  it.each([
    [
      { DISCORD_APPLICATION_ID: 'abc' },
      [
        {
          key: 'DISCORD_APPLICATION_ID',
          expected: 'a numeric Discord id',
          actual: 'abc'
        }
      ]
    ],
    [
      { KB_BASE_URL: 'not a url' },
      [{ key: 'KB_BASE_URL', expected: 'Invalid URL', actual: 'not a url' }]
    ],
    [
      // No database name; the password is not echoed.
      { REMEDY_DB: 'postgres://remedy:secret@db.internal' },
      [
        {
          key: 'REMEDY_DB',
          expected:
            'a SQLite file path, or postgres://user:password@host:port/database',
          actual: 'postgres://***@db.internal'
        }
      ]
    ],
    [
      { REMEDY_DB_POOL: '0' },
      [
        {
          key: 'REMEDY_DB_POOL',
          expected: 'Too small: expected number to be >0',
          actual: '0'
        }
      ]
    ],
    [
      { DISCORD_PUBLIC_KEY: 'xyz' },
      [
        {
          key: 'DISCORD_PUBLIC_KEY',
          expected: '64 hex characters',
          actual: 'xyz'
        }
      ]
    ]
  ])('should refuse %j, naming the key and the value', (env, issues) => {
    expect(() => loadConfig(env, folder())).toThrow(CONFIG_INVALID(issues))
  })
})

describe('requireConfig', () => {
  it('should name every missing key at once', () => {
    const config = loadConfig({ DISCORD_APPLICATION_ID: '1' }, folder())
    expect(() =>
      requireConfig(config, [
        'DISCORD_TOKEN',
        'DISCORD_APPLICATION_ID',
        'DISCORD_PUBLIC_KEY'
      ])
    ).toThrow(CONFIG_MISSING(['DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY']))
    expect(
      requireConfig(loadConfig({ DISCORD_TOKEN: 't' }, folder()), [
        'DISCORD_TOKEN'
      ]).discordToken
    ).toBe('t')
  })
})
