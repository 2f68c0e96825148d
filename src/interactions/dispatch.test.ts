import { ApplicationCommandType } from 'discord-api-types/v10'
import type {
  APIInteraction,
  APIInteractionResponse
} from 'discord-api-types/v10'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.ts'
import { DUPLICATE_COMMAND } from '../errors.ts'
import { createLogger } from '../log.ts'
import { createCooldowns } from './cooldown.ts'
import { createDispatcher } from './dispatch.ts'
import { memoryFeedback } from './feedback.ts'
import { t, UserError } from './messages.ts'
import { createResponder } from './responder.ts'
import { createDiagnosisCache } from './state.ts'
import type { Command, Services } from './types.ts'

/** Services for handlers that touch none of them. */
function services(): Services {
  return {
    config: loadConfig({}, '/'),
    log: createLogger('silent'),
    feedback: memoryFeedback(),
    records: undefined,
    diagnoses: createDiagnosisCache(),
    cooldowns: createCooldowns(0),
    watchCooldowns: createCooldowns(0),
    kb: () => {
      throw new Error('no KB in this test')
    },
    reloadKb: () => Promise.reject(new Error('no KB in this test')),
    runner: {
      run: () => Promise.reject(new Error('no diagnosis in this test')),
      close: () => Promise.resolve(),
      started: () => false
    },
    fetch,
    channels: undefined,
    transport: 'http'
  }
}

/** A responder whose transport records what it was asked to send. */
function recorder() {
  const sent: { kind: string; body: unknown }[] = []
  const respond = createResponder({
    callback: (body: APIInteractionResponse) => {
      sent.push({ kind: 'callback', body })
      return Promise.resolve()
    },
    webhook: (method, path, body) => {
      sent.push({ kind: `${method} ${path}`, body })
      return Promise.resolve({})
    }
  })
  return { sent, respond }
}

const command = (name: string, execute: Command['execute']): Command => ({
  data: { type: ApplicationCommandType.ChatInput, name, description: name },
  execute,
  autocomplete: () => Promise.reject(new Error('autocomplete broke')),
  components: { boom: () => Promise.reject(new Error('component broke')) }
})

const slash = (name: string) =>
  ({
    id: '10',
    application_id: '1',
    type: 2,
    token: 'tok',
    version: 1,
    locale: 'zh-CN',
    user: {
      id: '7',
      username: 'ana',
      discriminator: '0',
      global_name: null,
      avatar: null
    },
    data: { id: '11', name, type: 1 }
  }) as unknown as APIInteraction

const ERROR = {
  flags: 64,
  embeds: [],
  components: [],
  allowed_mentions: { parse: [] }
}

describe('createDispatcher', () => {
  it.each([
    [
      'a handler that throws before answering',
      () => Promise.reject(new Error('kaboom')),
      [
        {
          kind: 'callback',
          body: { type: 4, data: { content: t('zh-CN', 'failed'), ...ERROR } }
        }
      ]
    ],
    [
      'a handler that throws after deferring (the reply is edited)',
      async (ctx: Parameters<Command['execute']>[0]) => {
        await ctx.respond.defer({ ephemeral: true })
        throw new Error('kaboom')
      },
      [
        { kind: 'callback', body: { type: 5, data: { flags: 64 } } },
        {
          // No flags on an edit: the private deferral already decided who sees it.
          kind: 'PATCH /messages/@original',
          body: {
            content: t('zh-CN', 'failed'),
            embeds: [],
            components: [],
            allowed_mentions: { parse: [] }
          }
        }
      ]
    ],
    [
      'a handler that throws after a public deferral (neutral edit, private follow-up)',
      async (ctx: Parameters<Command['execute']>[0]) => {
        await ctx.respond.defer()
        throw new Error('kaboom')
      },
      [
        { kind: 'callback', body: { type: 5, data: {} } },
        {
          kind: 'PATCH /messages/@original',
          body: {
            content: t('zh-CN', 'notAnswered'),
            embeds: [],
            components: [],
            allowed_mentions: { parse: [] }
          }
        },
        { kind: 'POST ', body: { content: t('zh-CN', 'failed'), ...ERROR } }
      ]
    ],
    [
      'a handler that throws after replying (a follow-up is sent)',
      async (ctx: Parameters<Command['execute']>[0]) => {
        await ctx.respond.reply({ content: 'part one' })
        throw new UserError('noLog')
      },
      [
        {
          kind: 'callback',
          body: {
            type: 4,
            data: { content: 'part one', allowed_mentions: { parse: [] } }
          }
        },
        { kind: 'POST ', body: { content: t('zh-CN', 'noLog'), ...ERROR } }
      ]
    ]
  ])(
    'should tell the user about %s, in their language',
    async (_name, execute, expected) => {
      const dispatch = createDispatcher([command('x', execute)])
      const { sent, respond } = recorder()
      await dispatch(services(), slash('x'), respond)
      expect(sent).toEqual(expected)
    }
  )

  it('should answer an unknown command and an unknown button without throwing', async () => {
    const dispatch = createDispatcher([])
    for (const interaction of [
      slash('nope'),
      {
        ...slash('x'),
        type: 3,
        data: { custom_id: 'r1:nope:1', component_type: 2 }
      },
      {
        ...slash('x'),
        type: 3,
        data: { custom_id: 'someone-else', component_type: 2 }
      }
    ] as APIInteraction[]) {
      const { sent, respond } = recorder()
      await dispatch(services(), interaction, respond)
      expect(sent).toEqual([
        {
          kind: 'callback',
          body: {
            type: 4,
            data: { content: t('zh-CN', 'unknownInteraction'), ...ERROR }
          }
        }
      ])
    }
  })

  it('should answer a failing autocomplete with no choices', async () => {
    const dispatch = createDispatcher([command('x', () => Promise.resolve())])
    const { sent, respond } = recorder()
    await dispatch(
      services(),
      { ...slash('x'), type: 4 } as APIInteraction,
      respond
    )
    expect(sent).toEqual([
      { kind: 'callback', body: { type: 8, data: { choices: [] } } }
    ])
  })

  it('should refuse two commands with one name', () => {
    const same = command('x', () => Promise.resolve())
    expect(() => createDispatcher([same, same])).toThrow(DUPLICATE_COMMAND('x'))
  })
})
