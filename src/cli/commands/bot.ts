/**
 * `remedy bot`: start the Discord gateway bot and serve until SIGINT or SIGTERM. Needs
 * `DISCORD_TOKEN` and `DISCORD_APPLICATION_ID`; see docs/discord.md for the rest.
 */
import { loadConfig, requireConfig } from '../../config.ts'
import { startBot } from '../../discord/gateway/bot.ts'
import { createLogger } from '../../log.ts'
import {
  feedbackSink,
  openStore,
  storeOptionsFromEnv
} from '../../store/index.ts'
import type { CliCommand } from '../types.ts'

/** Resolve on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

export const botCommand = {
  name: 'bot',
  register(program, ctx) {
    program
      .command('bot')
      .description('start the Discord bot (gateway); stops on Ctrl-C')
      .action(async () => {
        const config = requireConfig(loadConfig(ctx.env, ctx.cwd), [
          'DISCORD_TOKEN',
          'DISCORD_APPLICATION_ID'
        ])
        const log = createLogger(config.logLevel)
        const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
        const store = openStore(settings.path, {
          ...settings.options,
          logger: log
        })
        const bot = await startBot({
          config,
          log,
          feedback: feedbackSink(store),
          records: store
        })
        const signal = await stopSignal()
        log.info({ signal }, 'stopping')
        await bot.stop()
        await store.close()
      })
  }
} satisfies CliCommand
