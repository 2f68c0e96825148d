/**
 * `remedy start` (what `npm start` runs): the gateway bot when `DISCORD_TOKEN` is set, otherwise
 * `remedy serve`, so that a fresh clone opens the playground with no Discord credentials at all.
 */
import type { CliCommand } from '../types.ts'
import { configWithFlags, serveUntilStopped, type ServeFlags } from './serve.ts'

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
        const config = await configWithFlags(ctx, flags)
        if (config.discordToken === undefined) {
          await serveUntilStopped(ctx, config)
          return
        }
        // Loaded only here: the playground must start without discord.js's gateway stack.
        const { runBotUntilStopped } = await import('./bot.ts')
        await runBotUntilStopped(ctx, config)
      })
  }
} satisfies CliCommand
