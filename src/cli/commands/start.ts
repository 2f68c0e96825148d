/**
 * `remedy start` (what `npm start` runs): the gateway bot when `DISCORD_TOKEN` is set, otherwise
 * `remedy serve`, so that a fresh clone opens the playground with no Discord credentials at all.
 */
import { requireConfig } from '../../config.ts'
import { createLogger } from '../../log.ts'
import type { CliCommand } from '../types.ts'
import {
  configWithFlags,
  serveUntilStopped,
  untilSignal,
  type ServeFlags
} from './serve.ts'

export const startCommand = {
  name: 'start',
  register(program, ctx) {
    program
      .command('start')
      .description(
        'run the gateway bot when DISCORD_TOKEN is set, otherwise serve the playground (remedy serve)'
      )
      .option('--port <port>', 'port of the playground (PORT, default 8787)')
      .option(
        '--host <host>',
        'address of the playground (HOST, default 127.0.0.1)'
      )
      .option('--kb <dir>', 'knowledge base folder (KB_DIR, default kb)')
      .action(async (flags: ServeFlags) => {
        const config = configWithFlags(ctx, flags)
        if (config.discordToken === undefined) {
          await serveUntilStopped(ctx, config)
          return
        }
        // Loaded only here: the playground must start without discord.js's gateway stack.
        const { startBot } = await import('../../discord/gateway/bot.ts')
        const log = createLogger(config.logLevel)
        const bot = await startBot({
          config: requireConfig(config, [
            'DISCORD_TOKEN',
            'DISCORD_APPLICATION_ID'
          ]),
          log
        })
        ctx.out(
          `Remedy bot is running as ${bot.client.user?.tag ?? 'the bot user'}\n`
        )
        const signal = await untilSignal()
        log.info({ signal }, 'stopping')
        await bot.stop()
      })
  }
} satisfies CliCommand
