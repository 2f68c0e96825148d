/**
 * `remedy bot`: start the Discord gateway bot and serve until SIGINT or SIGTERM. Needs
 * `DISCORD_TOKEN` and `DISCORD_APPLICATION_ID`; see docs/discord.md for the rest. `--shards auto|N`
 * runs N gateway shards (or Discord's recommended count) in this one process, all sharing its KB,
 * cooldowns and store (see src/discord/bot.ts for why not `ShardingManager`, and docs/deploy.md).
 */
import type { Config } from '../../config.ts'
import { parseShards } from '../options.ts'
import type { CliCommand, CliContext } from '../types.ts'
import { untilSignal } from './serve.ts'

/**
 * Run the gateway bot, with votes and diagnoses recorded in the store, until a signal.
 * @param ctx The CLI context (environment and working folder for the store settings).
 * @param loaded The configuration (`DISCORD_TOKEN` and `DISCORD_APPLICATION_ID` are required).
 * @param shards The gateway shards to run (`--shards`): a count, `auto`, or undefined for one.
 */
export async function runBotUntilStopped(
  ctx: CliContext,
  loaded: Config,
  shards?: 'auto' | number
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
      records: store,
      ...(shards === undefined ? {} : { shards })
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
      .option(
        '--shards <auto|N>',
        'gateway shards to run in this process: `auto` (the count Discord recommends) or N (default 1)'
      )
      .action(async (flags: { shards?: string }) => {
        // Checked before anything loads or connects.
        const shards = parseShards(flags.shards)
        const { loadConfig } = await import('../../config.ts')
        await runBotUntilStopped(ctx, loadConfig(ctx.env, ctx.cwd), shards)
      })
  }
} satisfies CliCommand
