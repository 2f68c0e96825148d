/**
 * @module config
 * Remedy's configuration, read once at start from the environment and an optional `.env` file
 * (the environment wins), validated with zod. Each entry point then asks for the keys it needs with
 * {@link requireConfig}, which names every missing key at once.
 *
 * | variable | default | used by |
 * | --- | --- | --- |
 * | `DISCORD_TOKEN` | — | `bot`, `register` |
 * | `DISCORD_APPLICATION_ID` | — | `bot`, `register`, `serve` |
 * | `DISCORD_GUILD_ID` | — (global commands) | `register` |
 * | `DISCORD_API_BASE` | Discord's | REST base URL, for tests and proxies |
 * | `DISCORD_PUBLIC_KEY` | — | `serve` (HTTP interactions) |
 * | `KB_DIR` | `kb` | everything |
 * | `KB_BASE_URL` | — | links to articles in answers |
 * | `WATCH_CHANNELS` | — (off) | comma-separated channel ids the bot watches |
 * | `WATCH_COOLDOWN_SECONDS` | `300` | one watch answer per channel per period |
 * | `COOLDOWN_SECONDS` | `3` | per-user wait between two diagnoses |
 * | `MAX_ATTACHMENT_BYTES` | `8388608` | attachments, and text after decompression |
 * | `ATTACHMENT_TIMEOUT_SECONDS` | `15` | a download that takes longer (body included) is cut |
 * | `MAX_LOG_BYTES` | `1048576` | bytes of one log the matcher reads (head and tail kept; the answer says what was cut) |
 * | `PORT`, `HOST` | `8787`, `127.0.0.1` | `serve` |
 * | `REMEDY_DB` | `data/remedy.sqlite` | the store: a SQLite file, or `postgres://user:pass@host:port/db` for several instances |
 * | `REMEDY_DB_POOL` | `10` | PostgreSQL connections per process |
 * | `REMEDY_DB_STATEMENT_TIMEOUT_MS` | `10000` | PostgreSQL cancels a statement running longer |
 * | `REMEDY_SALT` | generated, kept in the database | salt of the user-id hashes |
 * | `REMEDY_RETENTION_DAYS` | `30` | days unanswered logs are kept; 0 keeps none |
 * | `LOG_LEVEL` | `info` | pino level |
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parse as parseDotenv } from 'dotenv'
import { z } from 'zod'
import { CONFIG_INVALID, CONFIG_MISSING } from './errors.ts'

const snowflake = z.string().regex(/^\d{1,25}$/, 'a numeric Discord id')
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional()

const schema = z.object({
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText.pipe(snowflake.optional()),
  DISCORD_GUILD_ID: optionalText.pipe(snowflake.optional()),
  DISCORD_API_BASE: optionalText.pipe(z.url().optional()),
  DISCORD_PUBLIC_KEY: optionalText.pipe(
    z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, '64 hex characters')
      .optional()
  ),
  KB_DIR: z.string().trim().min(1).default('kb'),
  KB_BASE_URL: optionalText.pipe(z.url().optional()),
  WATCH_CHANNELS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(/[\s,]+/)
        .map((id) => id.trim())
        .filter((id) => id !== '')
    )
    .pipe(z.array(snowflake)),
  WATCH_COOLDOWN_SECONDS: z.coerce.number().min(0).default(300),
  COOLDOWN_SECONDS: z.coerce.number().min(0).default(3),
  ATTACHMENT_TIMEOUT_SECONDS: z.coerce.number().positive().max(600).default(15),
  MAX_LOG_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(1024 * 1024),
  MAX_ATTACHMENT_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(8 * 1024 * 1024),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8787),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  REMEDY_DB: z
    .string()
    .trim()
    .min(1)
    .default('data/remedy.sqlite')
    .refine(
      (value) => !/^postgres(?:ql)?:/i.test(value) || isPostgresUrl(value),
      'a SQLite file path, or postgres://user:password@host:port/database'
    ),
  REMEDY_DB_POOL: z.coerce.number().int().positive().max(1000).default(10),
  REMEDY_DB_STATEMENT_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .positive()
    .default(10_000),
  REMEDY_SALT: optionalText,
  REMEDY_RETENTION_DAYS: z.coerce.number().int().min(0).default(30),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
})

/** The validated configuration; optional keys are `undefined` when not set. */
export interface Config {
  discordToken: string | undefined
  applicationId: string | undefined
  guildId: string | undefined
  apiBase: string | undefined
  publicKey: string | undefined
  /** Absolute path of the knowledge base folder. */
  kbDir: string
  kbBaseUrl: string | undefined
  watchChannels: string[]
  watchCooldownSeconds: number
  cooldownSeconds: number
  maxAttachmentBytes: number
  /** Deadline of one attachment download, body included, in milliseconds. */
  attachmentTimeoutMs: number
  /** Bytes of one log the matcher reads. */
  maxLogBytes: number
  port: number
  host: string
  /** The SQLite file (absolute), or the `postgres://` URL as given. */
  dbPath: string
  /** PostgreSQL connections per process. */
  dbPoolSize: number
  /** PostgreSQL statement timeout, in milliseconds. */
  dbStatementTimeoutMs: number
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
}

/** Config keys that may be required, by their environment names. */
export type ConfigKey =
  | 'DISCORD_TOKEN'
  | 'DISCORD_APPLICATION_ID'
  | 'DISCORD_PUBLIC_KEY'

const FIELDS = {
  DISCORD_TOKEN: 'discordToken',
  DISCORD_APPLICATION_ID: 'applicationId',
  DISCORD_PUBLIC_KEY: 'publicKey'
} as const satisfies Record<ConfigKey, keyof Config>

/** A config whose listed keys are known to be set. */
export type RequiredConfig<K extends ConfigKey> = Config & {
  [P in K as (typeof FIELDS)[P]]: string
}

/**
 * Read the configuration from an environment, with `.env` in `cwd` as a fallback.
 * @param env The environment (`process.env` in production; a plain object in tests).
 * @param cwd Where `.env` and relative paths are resolved.
 * @returns The validated configuration.
 * @throws When a value is malformed, with every bad key named.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  cwd: string
): Config {
  const merged = { ...readDotenv(cwd), ...definedOnly(env) }
  const result = schema.safeParse(merged)
  if (!result.success) {
    throw new Error(
      CONFIG_INVALID(
        result.error.issues.map((issue) => {
          const key = String(issue.path[0] ?? '')
          // A database URL may carry a password: never echo it.
          const actual =
            key === 'REMEDY_DB'
              ? merged[key]?.replace(/\/\/[^@/]*@/, '//***@')
              : merged[key]
          return { key, expected: issue.message, actual }
        })
      )
    )
  }
  const value = result.data
  return {
    discordToken: value.DISCORD_TOKEN,
    applicationId: value.DISCORD_APPLICATION_ID,
    guildId: value.DISCORD_GUILD_ID,
    apiBase: value.DISCORD_API_BASE?.replace(/\/+$/, ''),
    publicKey: value.DISCORD_PUBLIC_KEY?.toLowerCase(),
    kbDir: resolve(cwd, value.KB_DIR),
    kbBaseUrl: value.KB_BASE_URL,
    watchChannels: value.WATCH_CHANNELS,
    watchCooldownSeconds: value.WATCH_COOLDOWN_SECONDS,
    cooldownSeconds: value.COOLDOWN_SECONDS,
    maxAttachmentBytes: value.MAX_ATTACHMENT_BYTES,
    attachmentTimeoutMs: value.ATTACHMENT_TIMEOUT_SECONDS * 1000,
    maxLogBytes: value.MAX_LOG_BYTES,
    port: value.PORT,
    host: value.HOST,
    dbPath: /^postgres(?:ql)?:/i.test(value.REMEDY_DB)
      ? value.REMEDY_DB
      : resolve(cwd, value.REMEDY_DB),
    dbPoolSize: value.REMEDY_DB_POOL,
    dbStatementTimeoutMs: value.REMEDY_DB_STATEMENT_TIMEOUT_MS,
    logLevel: value.LOG_LEVEL
  }
}

/**
 * Check that the keys an entry point needs are set.
 * @param config A loaded configuration.
 * @param keys The keys needed, by environment name.
 * @returns The same configuration, typed with those keys set.
 * @throws When any key is missing, naming all of them.
 */
export function requireConfig<K extends ConfigKey>(
  config: Config,
  keys: readonly K[]
): RequiredConfig<K> {
  const missing = keys.filter((key) => config[FIELDS[key]] === undefined)
  if (missing.length > 0) throw new Error(CONFIG_MISSING(missing))
  return config as RequiredConfig<K>
}

/**
 * Read `.env` in a folder, if there is one.
 * @param cwd The folder.
 * @returns Its variables (empty when there is no `.env`).
 */
export function readDotenv(cwd: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(resolve(cwd, '.env')))
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      return {}
    throw error
  }
}

/** A `postgres://` (or `postgresql://`) URL with a host and a database name. */
function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return (
      /^postgres(?:ql)?:$/i.test(url.protocol) &&
      url.hostname !== '' &&
      url.pathname.length > 1
    )
  } catch {
    return false
  }
}

function definedOnly(
  env: Record<string, string | undefined>
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(env))
    if (value !== undefined) out[key] = value
  return out
}
