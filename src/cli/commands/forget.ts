/**
 * `remedy forget --user ID`: remove everything the store holds that is tied to a Discord user:
 * their diagnoses, the logs kept from them, their votes and the votes on their diagnoses.
 */
import { existsSync } from 'node:fs'
import type { CliCommand } from '../types.ts'

export const forgetCommand = {
  name: 'forget',
  register(program, ctx) {
    program
      .command('forget')
      .description('remove everything the store holds about a user')
      .requiredOption('--user <id>', 'the Discord user id')
      .option(
        '--db <file>',
        'the database (default: $REMEDY_DB or data/remedy.sqlite)'
      )
      .action(async (options: { user: string; db?: string }) => {
        const {
          isPostgresUrl,
          openExistingStore,
          resolveDbLocation,
          storeOptionsFromEnv
        } = await import('../../store/index.ts')
        const settings = storeOptionsFromEnv(ctx.env, ctx.cwd)
        const path =
          options.db === undefined
            ? settings.path
            : resolveDbLocation(ctx.cwd, options.db)
        // A PostgreSQL database is never "not there yet": the store says so itself when it is not.
        if (!isPostgresUrl(path) && !existsSync(path)) {
          ctx.out(`No database at ${path}: nothing is stored about anyone.\n`)
          return
        }
        const store = openExistingStore(path, settings.options)
        try {
          const removed = await store.forgetUser(options.user.trim())
          ctx.out(
            `Removed ${removed.diagnoses} diagnosis(es), ${removed.logs} kept log(s) and ${removed.feedback} vote(s) tied to user ${options.user.trim()}.\n`
          )
        } finally {
          await store.close()
        }
      })
  }
} satisfies CliCommand
