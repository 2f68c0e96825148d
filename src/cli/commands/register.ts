/**
 * `remedy register [--guild ID]`: put the bot's slash and context-menu commands to Discord, the
 * same definitions the running bot uses. Needs `DISCORD_TOKEN` and `DISCORD_APPLICATION_ID`.
 */
import type { CliCommand } from '../types.ts'

export const registerCommand = {
  name: 'register',
  register(program, ctx) {
    program
      .command('register')
      .description(
        'register the Discord commands (in one guild with --guild or $DISCORD_GUILD_ID, else globally)'
      )
      .option(
        '--guild <id>',
        'register in this guild only (instant; good for testing)'
      )
      .action(async (options: { guild?: string }) => {
        const [{ REST }, { loadConfig, requireConfig }, { registerCommands }] =
          await Promise.all([
            import('@discordjs/rest'),
            import('../../config.ts'),
            import('../../interactions/register.ts')
          ])
        const config = requireConfig(loadConfig(ctx.env, ctx.cwd), [
          'DISCORD_TOKEN',
          'DISCORD_APPLICATION_ID'
        ])
        const guildId = options.guild ?? config.guildId
        const rest = new REST(
          config.apiBase === undefined ? {} : { api: config.apiBase }
        ).setToken(config.discordToken)
        const stored = await registerCommands(
          rest,
          config.applicationId,
          guildId
        )
        const names = stored.map((command) => command.name).join(', ')
        ctx.out(
          `Registered ${stored.length} commands (${names}) ${guildId === undefined ? 'globally' : `in guild ${guildId}`}.\n`
        )
      })
  }
} satisfies CliCommand
