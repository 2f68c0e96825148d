import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Command } from 'commander'
import { afterEach, describe, expect, it } from 'vitest'
import { registerCommand } from '../../src/cli/commands/register.ts'
import type { CliContext } from '../../src/cli/types.ts'
import { commands } from '../../src/interactions/commands/index.ts'
import { loadConfig, requireConfig } from '../../src/config.ts'
import { startBot } from '../../src/discord/bot.ts'
import { CONFIG_MISSING, GATEWAY_LOGIN_FAILED } from '../../src/errors.ts'
import { createLogger } from '../../src/log.ts'
import { startFakeDiscord } from '../fake-discord/index.ts'
import type { FakeDiscord } from '../fake-discord/index.ts'
import { chatInput } from '../fake-discord/interactions.ts'
import {
  body,
  embedText,
  evalLog,
  ROOT,
  sentMessages,
  startHarness
} from './harness.ts'
import type { Harness } from './harness.ts'
import { loadRealKb } from '../real-kb.ts'

const ARTICLE = 'zenoh-multicast-bind-failed'
const WSL_LOG = evalLog('dora-001')

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('the gateway connection', () => {
  it.each([4000, 1006])(
    'should resume after close code %i and answer the interaction sent while it was away and the next one',
    async (code) => {
      const h: Harness = await startHarness()
      cleanups.push(() => h.close())
      h.fake.closeGateway(code)
      const missed = h.fake.dispatchInteraction(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
      )
      await h.fake.waitForReady()
      const next = await h.send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
      )
      await h.fake.waitForRequest((r) =>
        r.path.startsWith(`/interactions/${missed.id}/`)
      )
      await h.bot.idle()
      expect(h.fake.resumes()).toBe(1)
      expect(h.fake.identifies()).toBe(1)
      for (const requests of [h.fake.requestsFor(missed), next.requests]) {
        expect(sentMessages(requests)[0]?.embeds?.[0]?.footer?.text).toBe(
          ARTICLE
        )
      }
      expect(h.logs.some((line) => line['msg'] === 'gateway resumed')).toBe(
        true
      )
    }
  )
})

describe('startBot', () => {
  it('should fail with a clear message when Discord refuses the token', async () => {
    const fake = await startFakeDiscord({ token: 'the-right-token' })
    cleanups.push(() => fake.close())
    const config = requireConfig(
      loadConfig(
        {
          DISCORD_TOKEN: 'a-wrong-token',
          DISCORD_APPLICATION_ID: '1',
          DISCORD_API_BASE: fake.apiBase,
          KB_DIR: resolve(ROOT, 'kb')
        },
        ROOT
      ),
      ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID']
    )
    await expect(
      startBot({ config, log: createLogger('silent') })
    ).rejects.toThrow(
      // discord.js's own words for a 401 on /gateway/bot.
      GATEWAY_LOGIN_FAILED('An invalid token was provided.')
    )
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /gateway/bot'
    ])
  })
})

/** A CLI context that captures output. */
function cliContext(
  env: Record<string, string>
): CliContext & { output: string[]; errors: string[] } {
  const output: string[] = []
  const errors: string[] = []
  return {
    output,
    errors,
    out: (text) => output.push(text),
    err: (text) => errors.push(text),
    readStdin: () => Promise.resolve(Buffer.alloc(0)),
    cwd: mkdtempSync(join(tmpdir(), 'remedy-cli-')),
    env,
    setExitCode: () => {}
  }
}

async function runRegister(ctx: CliContext, args: string[]): Promise<void> {
  const program = new Command('remedy').exitOverride()
  registerCommand.register(program, ctx)
  await program.parseAsync(['node', 'remedy', 'register', ...args])
}

describe('remedy register', () => {
  it.each([
    [
      ['--guild', '42'],
      {},
      '/applications/1/guilds/42/commands',
      'in guild 42'
    ],
    [
      [],
      { DISCORD_GUILD_ID: '43' },
      '/applications/1/guilds/43/commands',
      'in guild 43'
    ],
    [[], {}, '/applications/1/commands', 'globally']
  ])(
    'should put the runtime command definitions (%j %j)',
    async (args, extra, path, where) => {
      const fake: FakeDiscord = await startFakeDiscord()
      cleanups.push(() => fake.close())
      const ctx = cliContext({
        DISCORD_TOKEN: 'x',
        DISCORD_APPLICATION_ID: '1',
        DISCORD_API_BASE: fake.apiBase,
        ...extra
      })
      cleanups.push(() => rmSync(ctx.cwd, { recursive: true, force: true }))
      await runRegister(ctx, args)
      const put = fake.requests.filter((r) => r.method === 'PUT')
      expect(put.map((r) => r.path)).toEqual([path])
      expect(put[0]?.body).toEqual(commands.map((command) => command.data))
      expect(put[0]?.headers.authorization).toBe('Bot x')
      expect(ctx.output.join('')).toBe(
        `Registered 4 commands (diagnose, Diagnose, kb, kb-admin) ${where}.\n`
      )
      const names = (
        put[0]?.body as {
          name: string
          name_localizations?: Record<string, string>
        }[]
      ).map((command) => command.name_localizations?.['zh-CN'])
      expect(names.every((name) => name !== undefined && name !== '')).toBe(
        true
      )
      // The admin subcommands have their own command, hidden from members without Manage Server.
      const registered = put[0]?.body as {
        name: string
        options?: { name: string }[]
        default_member_permissions?: string
      }[]
      const kb = registered.find((command) => command.name === 'kb')
      const admin = registered.find((command) => command.name === 'kb-admin')
      expect(kb?.options?.map((option) => option.name)).toEqual([
        'search',
        'show'
      ])
      expect(kb?.default_member_permissions).toBeUndefined()
      expect(admin?.options?.map((option) => option.name)).toEqual([
        'reload',
        'stats'
      ])
      expect(admin?.default_member_permissions).toBe('32')
    }
  )

  it('should name every missing setting at once', async () => {
    const ctx = cliContext({})
    cleanups.push(() => rmSync(ctx.cwd, { recursive: true, force: true }))
    await expect(runRegister(ctx, [])).rejects.toThrow(
      CONFIG_MISSING(['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'])
    )
  })
})

describe('remedy bot (the process)', () => {
  it('should connect to the fake and answer /diagnose with the WSL log within 3 s', async () => {
    const fake = await startFakeDiscord()
    cleanups.push(() => fake.close())
    const data = mkdtempSync(join(tmpdir(), 'remedy-bot-'))
    cleanups.push(() => rmSync(data, { recursive: true, force: true }))
    const child: ChildProcess = spawn(
      process.execPath,
      [resolve(ROOT, 'bin/remedy.js'), 'bot'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env['PATH'] ?? '',
          DISCORD_TOKEN: 'x',
          DISCORD_APPLICATION_ID: '1',
          DISCORD_API_BASE: fake.apiBase,
          REMEDY_DB: join(data, 'remedy.sqlite'),
          LOG_LEVEL: 'info'
        },
        stdio: ['ignore', 'pipe', 'pipe']
      }
    )
    const stderr: string[] = []
    child.stderr?.on('data', (chunk: Buffer) =>
      stderr.push(chunk.toString('utf8'))
    )
    cleanups.push(
      () =>
        new Promise<void>((done) => {
          if (child.exitCode !== null) return done()
          child.once('exit', () => done())
          child.kill('SIGTERM')
        })
    )
    await fake.waitForReady(20_000).catch((error: unknown) => {
      throw new Error(`the bot did not connect: ${stderr.join('')}`, {
        cause: error
      })
    })
    // READY reaches the bot before it has finished starting: wait for its "bot ready" line.
    await expect
      .poll(() => stderr.join('').includes('"msg":"bot ready"'), {
        timeout: 10_000
      })
      .toBe(true)
    const started = Date.now()
    const interaction = fake.dispatchInteraction(
      chatInput('diagnose', [{ name: 'log', type: 3, value: WSL_LOG }])
    )
    const callback = await fake.waitForRequest(
      (r) => r.path.startsWith(`/interactions/${interaction.id}/`),
      3000
    )
    expect(Date.now() - started).toBeLessThan(3000)
    // Acknowledged on receipt, privately; the answer is the edit that follows.
    expect(body(callback)).toEqual({ type: 5, data: { flags: 64 } })
    // Every step of the article, in order (over follow-ups too, should the answer need them).
    const { kb } = await loadRealKb()
    const count =
      kb.articles.find((article) => article.id === ARTICLE)?.content.steps
        .length ?? 0
    expect(count).toBeGreaterThan(0)
    await expect
      .poll(
        () => {
          const text = embedText(sentMessages(fake.requestsFor(interaction)))
          const at = Array.from({ length: count + 1 }, (_, i) =>
            text.indexOf(`**${i + 1}.**`)
          )
          return (
            at
              .slice(0, count)
              .every((p, i) => p >= 0 && (i === 0 || p > (at[i - 1] ?? 0))) &&
            at[count] === -1
          )
        },
        { timeout: 3000 }
      )
      .toBe(true)
    const [answer] = sentMessages(fake.requestsFor(interaction))
    expect(answer?.embeds?.[0]?.footer?.text).toBe(ARTICLE)
    expect(answer?.allowed_mentions).toEqual({ parse: [] })
  })
})
