/**
 * @module http/interactions
 * Discord's HTTP interactions mode: `POST /interactions` verifies the Ed25519 signature over the raw
 * body before anything else runs, answers PING with PONG, and hands every other interaction to the
 * transport-agnostic handler layer (`src/interactions/`) through an HTTP transport:
 *
 * - the first callback of the handler becomes the HTTP response: for anything that may be slow
 *   (a diagnosis, a download, a store write) that is the deferral the dispatcher sends on receipt,
 *   with the visibility the answer keeps, so the HTTP response leaves at once and the answer
 *   follows as an edit on the webhook;
 * - a deferral can optionally be held back for a moment (`holdDeferralMs`, off by default): when
 *   the handler edits its reply within that time, the edit goes out as the HTTP response itself;
 * - as a safety net, a handler that has not answered by `deferAfterMs` (1 s) is deferred for it,
 *   privately, and its late reply becomes an edit of `@original`;
 * - webhook calls (edits, follow-ups) wait until the HTTP response has left, then go to
 *   `DISCORD_API_BASE` through @discordjs/rest.
 */
import type { ServerResponse } from 'node:http'
import { REST } from '@discordjs/rest'
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  type APIInteraction,
  type APIInteractionResponse
} from 'discord-api-types/v10'
import type { Context, Hono } from 'hono'
import type { Logger } from 'pino'
import { z } from 'zod'
import { t } from '../interactions/messages.ts'
import { createResponder, restTransport } from '../interactions/responder.ts'
import type { InteractionTransport, Responder } from '../interactions/types.ts'
import {
  BODY_TOO_LARGE,
  INTERACTION_ALREADY_ANSWERED,
  INVALID_INTERACTION,
  INVALID_SIGNATURE,
  MALFORMED_JSON
} from '../errors.ts'
import { limitBody } from './body-limit.ts'
import { createVerifier } from './verify.ts'

/** Runs one interaction: the handler layer's entry point, bound to its services. */
export type InteractionDispatch = (
  interaction: APIInteraction,
  respond: Responder
) => Promise<void>

/** How the endpoint is set up. */
export interface InteractionsOptions {
  /** The application's public key (hex), from the Developer Portal. */
  publicKey: string
  dispatch: InteractionDispatch
  /** REST base for follow-ups (`DISCORD_API_BASE`); Discord's own when undefined. */
  apiBase?: string | undefined
  logger?: Logger | undefined
  /** Defer (privately) for a handler that has not answered by then (default 1 s; Discord allows 3 s). */
  deferAfterMs?: number
  /**
   * How long a deferral is held back in case the handler edits at once (default 0: sent at once;
   * holding it saves a round trip for a quick answer, but makes every acknowledgement wait).
   */
  holdDeferralMs?: number
  /** The clock, in milliseconds (tests pass their own). */
  now?: () => number
}

/** The mounted endpoint: `mount` adds the route; `pending` is the work still running. */
export interface Interactions {
  mount: (app: Hono, limits: { interactionBytes: number }) => void
  /** Settles when every interaction started so far has finished its follow-ups. */
  pending: () => Promise<unknown>
}

/** The part of the payload the endpoint itself relies on; the handlers parse the rest. */
const Envelope = z.object({
  id: z.string().min(1),
  application_id: z.string().min(1),
  // Any number: types Discord adds later reach the handler layer, which ignores what it does not know.
  type: z
    .number()
    .int()
    .transform((value): InteractionType => value),
  token: z.string().min(1),
  locale: z.string().optional()
})

/**
 * A one-shot promise with its resolver.
 */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((done) => {
    resolve = done
  })
  return { promise, resolve }
}

/** The deferral to send for a handler that is too slow, by interaction type. */
function autoDeferral(type: InteractionType): APIInteractionResponse {
  if (type === InteractionType.MessageComponent) {
    return { type: InteractionResponseType.DeferredMessageUpdate }
  }
  if (type === InteractionType.ApplicationCommandAutocomplete) {
    // Autocomplete cannot be deferred: no choices is the honest answer.
    return {
      type: InteractionResponseType.ApplicationCommandAutocompleteResult,
      data: { choices: [] }
    }
  }
  // Private: whatever the late answer is, it must not reach the channel by an edit of a public
  // deferral. (Handlers that may be slow acknowledge at once themselves; this is the safety net.)
  return {
    type: InteractionResponseType.DeferredChannelMessageWithSource,
    data: { flags: MessageFlags.Ephemeral }
  }
}

const isDeferral = (body: APIInteractionResponse): boolean =>
  body.type === InteractionResponseType.DeferredChannelMessageWithSource ||
  body.type === InteractionResponseType.DeferredMessageUpdate

/** The HTTP response a deferral plus an immediate edit of `@original` amount to. */
function coalesce(
  deferral: APIInteractionResponse,
  edit: unknown
): APIInteractionResponse {
  const data = typeof edit === 'object' && edit !== null ? edit : {}
  if (deferral.type === InteractionResponseType.DeferredMessageUpdate) {
    return { type: InteractionResponseType.UpdateMessage, data }
  }
  // Whether the answer is ephemeral was decided by the deferral; an edit cannot change it.
  const deferredFlags =
    'data' in deferral &&
    deferral.data !== undefined &&
    'flags' in deferral.data
      ? Number(deferral.data.flags ?? 0)
      : 0
  const editFlags = 'flags' in data ? Number(data.flags ?? 0) : 0
  const flags = (deferredFlags & MessageFlags.Ephemeral) | editFlags
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: flags === 0 ? data : { ...data, flags }
  }
}

/**
 * Drive one interaction: build the transport the handler answers through, and resolve the HTTP
 * response from the first thing it sends.
 */
function exchange(
  interaction: z.infer<typeof Envelope>,
  rest: REST,
  options: InteractionsOptions,
  flushed: Promise<void>
): {
  transport: InteractionTransport
  response: Promise<APIInteractionResponse>
} {
  const response = deferred<APIInteractionResponse>()
  const webhook = restTransport(
    rest,
    interaction.application_id,
    interaction
  ).webhook
  const holdMs = options.holdDeferralMs ?? 0
  let sent = false
  let held: APIInteractionResponse | undefined
  let autoDeferred = false
  let holdTimer: NodeJS.Timeout | undefined

  const send = (body: APIInteractionResponse): void => {
    if (sent) return
    sent = true
    clearTimeout(holdTimer)
    response.resolve(body)
  }

  const transport: InteractionTransport = {
    callback: async (body) => {
      if (!sent) {
        if (isDeferral(body) && holdMs > 0) {
          held = body
          holdTimer ??= setTimeout(() => send(body), holdMs)
        } else {
          send(body)
        }
        return
      }
      if (!autoDeferred)
        throw new Error(INTERACTION_ALREADY_ANSWERED(body.type))
      // The endpoint deferred for a slow handler: its reply or update edits the deferred message.
      if (isDeferral(body)) return
      if (
        body.type === InteractionResponseType.ChannelMessageWithSource ||
        body.type === InteractionResponseType.UpdateMessage
      ) {
        await flushed
        // An edit cannot change flags (the deferral decided); Discord ignores them, so send none.
        const data = { ...body.data }
        delete data.flags
        await webhook('PATCH', '/messages/@original', data)
        return
      }
      throw new Error(INTERACTION_ALREADY_ANSWERED(body.type))
    },
    webhook: async (method, path, body) => {
      if (
        !sent &&
        held !== undefined &&
        method === 'PATCH' &&
        path === '/messages/@original'
      ) {
        send(coalesce(held, body))
        return undefined
      }
      // Anything else needs the interaction acknowledged first.
      if (!sent) send(held ?? autoDeferral(interaction.type))
      await flushed
      return webhook(method, path, body)
    }
  }

  const deadline = setTimeout(() => {
    if (sent) return
    autoDeferred = held === undefined
    options.logger?.warn(
      { interaction: interaction.id, type: interaction.type },
      'handler slow: deferring for it'
    )
    send(held ?? autoDeferral(interaction.type))
  }, options.deferAfterMs ?? 1000)
  void response.promise.then(() => clearTimeout(deadline))

  return { transport, response: response.promise }
}

/**
 * Create the interactions endpoint.
 * @param options The public key, the handler layer's dispatch and where follow-ups go.
 * @returns The endpoint, to mount on the app, and its pending work for graceful shutdown.
 */
export function createInteractions(options: InteractionsOptions): Interactions {
  const verify = createVerifier(options.publicKey)
  const now = options.now ?? Date.now
  // Only the interaction's own webhook (its edits and follow-ups) goes through here, and Discord
  // exempts interaction endpoints from the bot's global rate limit: @discordjs/rest's default of
  // 50 requests a second for every route would hold a busy channel's answers back for nothing.
  // Each route's own limits, read from Discord's headers, still apply.
  const rest = new REST({
    version: '10',
    globalRequestsPerSecond: Number.POSITIVE_INFINITY,
    ...(options.apiBase === undefined ? {} : { api: options.apiBase })
  })
  const running = new Set<Promise<void>>()
  const log = options.logger

  const handle = async (c: Context): Promise<Response> => {
    const body = new Uint8Array(await c.req.arrayBuffer())
    const verdict = verify({
      signature: c.req.header('x-signature-ed25519'),
      timestamp: c.req.header('x-signature-timestamp'),
      body,
      now: now()
    })
    if (!verdict.ok) {
      log?.warn({ reason: verdict.reason }, 'interaction refused')
      return c.json({ error: INVALID_SIGNATURE() }, 401)
    }
    let payload: unknown
    try {
      payload = JSON.parse(new TextDecoder().decode(body))
    } catch (error) {
      return c.json(
        {
          error: MALFORMED_JSON(
            error instanceof Error ? error.message : String(error)
          )
        },
        400
      )
    }
    const envelope = Envelope.safeParse(payload)
    if (!envelope.success) {
      const issue = envelope.error.issues[0]
      return c.json(
        {
          error: INVALID_INTERACTION(
            `${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`
          )
        },
        400
      )
    }
    if (envelope.data.type === InteractionType.Ping) {
      return c.json({ type: InteractionResponseType.Pong })
    }

    const flushed = deferred<void>()
    const { transport, response } = exchange(
      envelope.data,
      rest,
      options,
      flushed.promise
    )
    const responder = createResponder(transport)
    const failed = {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: {
        content: t(envelope.data.locale ?? 'en-US', 'failed'),
        flags: MessageFlags.Ephemeral,
        allowed_mentions: { parse: [] }
      }
    } satisfies APIInteractionResponse
    const work = options
      // The envelope was checked; the handler layer reads the rest of the payload itself.
      .dispatch(payload as APIInteraction, responder)
      .catch((error: unknown) => {
        log?.error(
          { err: error, interaction: envelope.data.id },
          'interaction handler failed'
        )
      })
      // A handler that failed, or returned, without answering: say so, briefly and only to the user.
      .then(() =>
        responder.state === 'none' ? transport.callback(failed) : undefined
      )
      .catch((error: unknown) => {
        log?.error(
          { err: error, interaction: envelope.data.id },
          'interaction follow-up failed'
        )
      })
    running.add(work)
    void work.finally(() => running.delete(work))

    const first = await response
    whenSent(c, () => flushed.resolve())
    return c.json(first)
  }

  return {
    mount: (app, limits) => {
      app.post(
        '/interactions',
        limitBody(limits.interactionBytes, (c) =>
          c.json({ error: BODY_TOO_LARGE(limits.interactionBytes) }, 413)
        ),
        handle
      )
    },
    pending: () => Promise.allSettled([...running])
  }
}

/** Call `done` once the response has left (on a real socket), or on the next turn (in tests). */
function whenSent(c: Context, done: () => void): void {
  const env: unknown = c.env
  const outgoing =
    typeof env === 'object' && env !== null && 'outgoing' in env
      ? (env.outgoing as ServerResponse)
      : undefined
  if (outgoing === undefined) {
    setImmediate(done)
    return
  }
  outgoing.once('finish', done)
  outgoing.once('close', done)
}
