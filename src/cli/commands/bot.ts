/**
 * `remedy bot`: start the Discord gateway bot and serve until SIGINT or SIGTERM. Needs
 * `DISCORD_TOKEN` and `DISCORD_APPLICATION_ID`; see docs/discord.md for the rest.
 */
import type { Config } from '../../config.ts'
import type { CliCommand, CliContext } from '../types.ts'
import { untilSignal } from './serve.ts'

/**
 * Run the gateway bot, with votes and diagnoses recorded in the store, until a signal.
 * @param ctx The CLI context (environment and working folder for the store settings).
 * @param loaded The configuration (`DISCORD_TOKEN` and `DISCORD_APPLICATION_ID` are required).
 */
export async function runBotUntilStopped(
  ctx: CliContext,
  loaded: Config
): Promise<void> {
  // Loaded here, not at the top: the other commands start without discord.js, pino and SQLite.
  const [{ requireConfig }, { startBot }, { createLogger }, store_] =
    await Promise.all([
      import('../../config.ts'),
      import('../../discord/bot.ts'),
      import('../../log.ts'),
      import('../../store/index.ts')
    ])
  const { feedbackSink, openStore, storeOptionsFromEnv } = store_
  const config = requireConfig(loaded, [
    'DISCORD_TOKEN',
    'DISCORD_APPLICATION_ID'
  ])
  const log = createLogger(config.logLevel)
  const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
  const store = openStore(settings.path, { ...settings.options, logger: log })
  try {
    const bot = await startBot({
      config,
      log,
      feedback: feedbackSink(store),
      records: store
    })
    ctx.out(
      `Remedy bot is running as ${bot.client.user?.tag ?? 'the bot user'}\n`
    )
    const signal = await untilSignal()
    log.info({ signal }, 'stopping')
    await bot.stop()
  } finally {
    await store.close()
  }
}

export const botCommand = {
  name: 'bot',
  register(program, ctx) {
    program
      .command('bot')
      .description('start the Discord bot (gateway); stops on Ctrl-C')
      .action(async () => {
        const { loadConfig } = await import('../../config.ts')
        await runBotUntilStopped(ctx, loadConfig(ctx.env, ctx.cwd))
      })
  }
} satisfies CliCommand
