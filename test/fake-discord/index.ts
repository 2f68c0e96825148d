/**
 * @module test/fake-discord
 * A local, protocol-faithful fake of Discord for tests: the gateway (WebSocket, JSON frames) and the
 * REST API the bot uses, on one port of 127.0.0.1. The real discord.js `Client` logs into it when it
 * is built with `rest: { api: fake.apiBase }`. Every REST request is recorded with its parsed body so
 * that tests assert on what the bot actually sent.
 *
 * It enforces the rules of Discord that a bot can get wrong without noticing:
 * - an interaction's first callback must come within 3 s (later: 10062 Unknown interaction), once;
 * - after a deferred response (type 5) the FIRST follow-up edits the "thinking" original instead of
 *   creating a message, and keeps the original's visibility;
 * - `flags` on an edit cannot change the message: they are ignored (Discord documents only
 *   SUPPRESS_EMBEDS / IS_COMPONENTS_V2 as settable on an edit) and recorded in `violations`;
 * - an interaction token is valid for 15 minutes (401, 50027 Invalid Webhook Token after that); the
 *   clock is injectable (`now`, `advance`) so tests do not wait;
 * - MESSAGE_CREATE carries empty `content`, no attachments, embeds or components when the bot did
 *   not ask for the Message Content intent (unless it is mentioned, or in a DM); an IDENTIFY that asks
 *   for a privileged intent the application may not use is closed with 4014;
 * - forum posts are threads: `channel_id` of their messages is the thread, the thread's `parent_id`
 *   is the forum, the starter message's id is the thread's id, and a forum takes no messages itself.
 * Every message records who can see it (`audienceOf`): the invoking user for ephemeral messages,
 * the channel otherwise.
 *
 * It is shard-faithful: `GET /gateway/bot` recommends `shards` (option, default 1); each IDENTIFY's
 * `shard: [id, count]` opens a session of its own (READY lists only that shard's guilds), and every
 * guild event (GUILD_CREATE, MESSAGE_CREATE, INTERACTION_CREATE, THREAD_CREATE…) goes only to the
 * connection of the shard that owns the guild, `(guild_id >> 22) % count`; DMs go to shard 0.
 */
import { once } from 'node:events'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import type { WebSocket } from 'ws'

/** One REST request the fake received. */
export interface RecordedRequest {
  method: string
  /** The path after `/api/v10`, decoded (`/webhooks/1/tok/messages/@original`). */
  path: string
  /** The parsed JSON body, or `undefined` when there was none. */
  body: unknown
  headers: Record<string, string | string[] | undefined>
  /** Milliseconds since the fake started. */
  at: number
}

/** One gateway frame the fake received from the bot. */
export interface GatewayFrame {
  op: number
  d: unknown
  at: number
}

/** An interaction dispatched to the bot, and what happened to it. */
/** How long an edit of an HTTP-mode interaction waits for the test to relay its callback. */
const HTTP_RELAY_WAIT_MS = 5_000

export interface InteractionRecord {
  id: string
  token: string
  /** On the fake's clock (`now`). */
  dispatchedAt: number
  /** When the first callback was accepted, on the fake's clock. */
  acknowledgedAt: number | undefined
  channelId: string
  /** The user who invoked it: the only one who sees its ephemeral messages. */
  userId: string
  /** The first interaction callback, when there was one. */
  callback: { type: number; data: unknown } | undefined
  /** The shard whose connection it was dispatched to (undefined for an HTTP-mode interaction). */
  shard: number | undefined
  /** Created for an HTTP-mode bot (`{ gateway: false }`): the test relays its callback. */
  http: boolean
}

/** Who can see a message: the whole channel, or one user (ephemeral). */
export type Audience = { kind: 'channel' } | { kind: 'user'; userId: string }

/** A channel the fake knows (guild text channels, forums, threads). */
export interface FakeChannel {
  id: string
  type: number
  guild_id?: string
  parent_id?: string
  name?: string
  [key: string]: unknown
}

/** A guild the fake sends in GUILD_CREATE after READY. */
export interface FakeGuild {
  id: string
  preferred_locale?: string
  channels?: FakeChannel[]
}

/** A message the fake stores (webhook messages, follow-ups, channel messages). */
export interface FakeMessage {
  id: string
  channel_id: string
  [key: string]: unknown
}

export interface FakeDiscordOptions {
  /** Time an interaction may wait for its first callback (Discord: 3,000 ms). */
  callbackDeadlineMs?: number
  /** The bot user's id; the application id defaults to it. */
  botId?: string
  applicationId?: string
  heartbeatIntervalMs?: number
  /** The only bot token accepted (any token is accepted when unset). */
  token?: string
  /** The fake's clock in milliseconds (default `Date.now`); `advance` moves it forward. */
  now?: () => number
  /**
   * The privileged intents the application may use (bits of GUILD_MEMBERS 1<<1, GUILD_PRESENCES
   * 1<<8, MESSAGE_CONTENT 1<<15); default: all. Asking for another one closes the gateway with 4014.
   */
  privilegedIntents?: number
  /** The shard count `GET /gateway/bot` recommends (default 1). */
  shards?: number
}

/**
 * The shard that receives a guild's events, as Discord routes them.
 * @param guildId The guild's id (a snowflake).
 * @param count The number of shards.
 * @returns `(guild_id >> 22) % count`.
 */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count))
}

/** Discord's MESSAGE_CONTENT intent bit. */
export const MESSAGE_CONTENT_INTENT = 1 << 15
/** GUILD_MESSAGES: without it the bot gets no guild MESSAGE_CREATE at all. */
export const GUILD_MESSAGES_INTENT = 1 << 9
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | MESSAGE_CONTENT_INTENT
/** How long an interaction token is valid (Discord: 15 minutes). */
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000
const EPHEMERAL = 64
const LOADING = 128
/** Channel types: guild text, announcement, forum, and the thread types. */
export const CHANNEL = {
  text: 0,
  announcement: 5,
  publicThread: 11,
  privateThread: 12,
  forum: 15
} as const

export interface FakeDiscord {
  /** The REST base to give discord.js (`rest.api`) or `DISCORD_API_BASE`: `http://127.0.0.1:PORT/api`. */
  apiBase: string
  gatewayUrl: string
  /** Base URL of the fake CDN (`http://127.0.0.1:PORT/cdn`). */
  cdnBase: string
  applicationId: string
  botId: string
  /** Every REST request, in order. */
  requests: RecordedRequest[]
  /** Paths of the CDN files downloaded, in order. */
  downloads: string[]
  /** Every gateway frame sent by the bot, in order. */
  frames: GatewayFrame[]
  /** Registered commands: key `global` or the guild id. */
  commands: Map<string, unknown[]>
  interactions: Map<string, InteractionRecord>
  messages: Map<string, FakeMessage>
  channels: Map<string, FakeChannel>
  /** Rules of Discord the bot broke that Discord would silently ignore (e.g. `flags` on an edit). */
  violations: string[]
  /** Who can see a message (by id); undefined for an unknown message. */
  audienceOf: (messageId: string) => Audience | undefined
  /** Every message that was ever shown, with its audience, in order (edits included, deletions kept). */
  shown: { message: FakeMessage; audience: Audience }[]
  /** The fake's clock (ms) and a way to move it forward (token expiry without waiting). */
  now: () => number
  advance: (ms: number) => void
  /** The intents of the last IDENTIFY. */
  intents: () => number
  /** Add a guild (and its channels); GUILD_CREATE is sent now if the bot is ready, else after READY. */
  addGuild: (guild: FakeGuild) => void
  /**
   * A user posts in a channel: the message is stored and MESSAGE_CREATE sent as Discord would with
   * the bot's intents (no content, attachments or embeds without MESSAGE_CONTENT, unless the bot is
   * mentioned or it is a DM).
   */
  postMessage: (message: {
    channelId: string
    guildId?: string
    content: string
    authorId?: string
    attachments?: unknown[]
    mentionsBot?: boolean
    id?: string
  }) => FakeMessage
  /**
   * A user opens a post in a forum: a public thread whose parent is the forum (THREAD_CREATE), and its
   * starter message whose id is the thread's (MESSAGE_CREATE in the thread).
   * @returns The thread and the starter message.
   */
  createForumPost: (post: {
    forumId: string
    guildId: string
    name?: string
    content: string
    authorId?: string
    attachments?: unknown[]
  }) => { thread: FakeChannel; message: FakeMessage }
  /** A thread under a text channel (THREAD_CREATE); its messages are posted with `postMessage`. */
  createThread: (thread: {
    parentId: string
    guildId: string
    name?: string
  }) => FakeChannel
  /** The gateway sessions opened by IDENTIFY, by shard id: `[id, count]` and whether it is ready. */
  sessions: () => { shard: [number, number]; ready: boolean }[]
  /** Number of IDENTIFY and RESUME frames received so far. */
  identifies: () => number
  resumes: () => number
  /** Resolves when every shard of the bot has identified (or resumed) and received READY (or RESUMED). */
  waitForReady: (timeoutMs?: number) => Promise<void>
  /**
   * Send a dispatch event to the connection of the shard that owns its guild (`guild_id`, or `id` for
   * GUILD_CREATE/GUILD_UPDATE; shard 0 without one), numbered and replayed on RESUME if missed.
   */
  dispatch: (t: string, d: unknown) => void
  /**
   * Dispatch INTERACTION_CREATE; fills in `id`, `token`, `application_id`, `version` when missing.
   * With `{ gateway: false }` the interaction is only created (for an HTTP-mode bot, which the test
   * posts it to), not sent on the gateway.
   */
  dispatchInteraction: (
    payload: Record<string, unknown>,
    options?: { gateway?: boolean }
  ) => InteractionRecord
  /**
   * Create an interaction for an HTTP-mode bot, as Discord would, and give the payload Discord posts
   * to its endpoint: with the interaction's `id`, `token`, `application_id` and `version`. The
   * interaction is not sent on the gateway unless `{ gateway: true }`.
   */
  httpPayload: (
    payload: Record<string, unknown>,
    options?: { gateway?: boolean }
  ) => Record<string, unknown> & { id: string; token: string }
  /** Wait until a recorded request satisfies the predicate (looks at past requests first). */
  waitForRequest: (
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs?: number
  ) => Promise<RecordedRequest>
  /** Requests about one interaction: its callback, `@original` edits and follow-ups. */
  requestsFor: (interaction: { id: string; token: string }) => RecordedRequest[]
  /**
   * Close the bot's gateway sockets (or only the one of `shard`) with a close code (4000 and 1006-like
   * codes are resumable).
   */
  closeGateway: (code: number, shard?: number) => void
  /** Serve bytes on the fake CDN; returns the attachment object for `resolved.attachments`. */
  addAttachment: (
    filename: string,
    bytes: Uint8Array | string,
    contentType?: string
  ) => {
    id: string
    filename: string
    size: number
    url: string
    proxy_url: string
    content_type?: string
  }
  /**
   * Serve a CDN file that never finishes: the headers, then `chunk` every `intervalMs`, until the
   * client goes away (a stalled or hostile download). Returns the attachment object.
   */
  addTrickleAttachment: (
    filename: string,
    options?: { chunk?: string; intervalMs?: number; contentType?: string }
  ) => {
    id: string
    filename: string
    size: number
    url: string
    proxy_url: string
    content_type?: string
  }
  /** Make the next request whose path starts with `pathPrefix` answer 429 once. */
  rateLimitOnce: (
    method: string,
    pathPrefix: string,
    retryAfterSeconds?: number
  ) => void
  /** Make the next request whose path starts with `pathPrefix` fail once with this status and JSON error. */
  failOnce: (
    method: string,
    pathPrefix: string,
    status: number,
    error: { code: number; message: string }
  ) => void
  close: () => Promise<void>
}

const SNOWFLAKE_BASE = 1_300_000_000_000_000_000n

/**
 * Start a fake Discord (gateway + REST + CDN) on a free port of 127.0.0.1.
 * @param options Deadlines and ids.
 * @returns The running fake; call `close()` when done.
 */
export async function startFakeDiscord(
  options: FakeDiscordOptions = {}
): Promise<FakeDiscord> {
  const callbackDeadlineMs = options.callbackDeadlineMs ?? 3000
  const baseClock = options.now ?? Date.now
  let offset = 0
  const now = (): number => baseClock() + offset
  const allowedPrivileged = options.privilegedIntents ?? PRIVILEGED_INTENTS
  let intents = 0
  const guilds = new Map<string, FakeGuild>()
  const channels = new Map<string, FakeChannel>()
  const violations: string[] = []
  const audiences = new Map<string, Audience>()
  const shown: { message: FakeMessage; audience: Audience }[] = []
  /** Deferred originals still "thinking": the first follow-up edits them. */
  const loading = new Set<string>()
  const botId = options.botId ?? '1'
  const applicationId = options.applicationId ?? botId
  const heartbeatIntervalMs = options.heartbeatIntervalMs ?? 41_250
  const started = Date.now()
  let nextId = 1n
  const snowflake = (): string => String(SNOWFLAKE_BASE + nextId++)

  const requests: RecordedRequest[] = []
  const downloads: string[] = []
  const frames: GatewayFrame[] = []
  const commands = new Map<string, unknown[]>()
  const interactions = new Map<string, InteractionRecord>()
  const byToken = new Map<string, InteractionRecord>()
  const messages = new Map<string, FakeMessage>()
  const cdn = new Map<string, { bytes: Buffer; contentType: string }>()
  const trickles = new Map<
    string,
    { chunk: string; intervalMs: number; contentType: string }
  >()
  const failures: {
    method: string
    prefix: string
    status: number
    error: { code: number; message: string }
  }[] = []
  const rateLimits: { method: string; prefix: string; retryAfter: number }[] =
    []
  const waiters = new Set<{
    predicate: (r: RecordedRequest) => boolean
    resolve: (r: RecordedRequest) => void
  }>()
  const readyWaiters = new Set<() => void>()

  // Gateway sessions: one per shard, each with one connection at a time; events are numbered per
  // session and kept so that a RESUME can replay what the bot missed.
  interface Session {
    id: string
    shard: [number, number]
    ws: WebSocket | undefined
    ready: boolean
    sequence: number
    sent: { s: number; t: string; d: unknown }[]
  }
  const sessions = new Map<number, Session>()
  const recommendedShards = options.shards ?? 1
  /** The shard count of the last IDENTIFY. */
  let shardCount = 1
  const allReady = (): boolean =>
    sessions.size === shardCount &&
    [...sessions.values()].every((session) => session.ready)
  const shardOfEvent = (t: string, d: unknown): number => {
    const data = (typeof d === 'object' && d !== null ? d : {}) as {
      id?: unknown
      guild_id?: unknown
    }
    const guild =
      t === 'GUILD_CREATE' || t === 'GUILD_UPDATE' ? data.id : data.guild_id
    return typeof guild === 'string' ? shardOf(guild, shardCount) : 0
  }
  let identifyCount = 0
  let resumeCount = 0

  const botUser = {
    id: botId,
    username: 'remedy',
    discriminator: '0',
    global_name: 'Remedy',
    avatar: null,
    bot: true,
    flags: 0
  }

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: String(error), code: 0 }))
    })
  })
  const wss = new WebSocketServer({ noServer: true })
  server.on('upgrade', (req, sock, head) => {
    if (!(req.url ?? '').startsWith('/gateway')) {
      sock.destroy()
      return
    }
    wss.handleUpgrade(req, sock, head, (ws) => onConnection(ws))
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const port = (server.address() as AddressInfo).port
  const origin = `http://127.0.0.1:${port}`
  const gatewayUrl = `ws://127.0.0.1:${port}/gateway`

  function send(ws: WebSocket, payload: unknown): void {
    ws.send(JSON.stringify(payload))
  }

  function markReady(session: Session): void {
    session.ready = true
    if (!allReady()) return
    for (const resolve of readyWaiters) resolve()
    readyWaiters.clear()
  }

  function onConnection(ws: WebSocket): void {
    let session: Session | undefined
    send(ws, {
      op: 10,
      d: { heartbeat_interval: heartbeatIntervalMs },
      s: null,
      t: null
    })
    ws.on('message', (data) => {
      const frame = JSON.parse(
        Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(
              Array.isArray(data) ? data : [Buffer.from(data)]
            ).toString('utf8')
      ) as {
        op: number
        d: unknown
      }
      frames.push({ op: frame.op, d: frame.d, at: Date.now() - started })
      switch (frame.op) {
        case 1:
          send(ws, { op: 11, d: null, s: null, t: null })
          break
        case 2: {
          identifyCount++
          intents = Number((frame.d as { intents?: number }).intents ?? 0)
          const refused = intents & PRIVILEGED_INTENTS & ~allowedPrivileged
          if (refused !== 0) {
            ws.close(4014, 'Disallowed intent(s).')
            break
          }
          const asked = (frame.d as { shard?: unknown }).shard
          const [id, count] =
            Array.isArray(asked) &&
            asked.length === 2 &&
            asked.every((n) => Number.isInteger(n))
              ? (asked as [number, number])
              : [0, 1]
          if (count < 1 || id < 0 || id >= count) {
            ws.close(4010, 'Invalid shard.')
            break
          }
          if (count !== shardCount) {
            // A new shard count: the sessions of the old one are over.
            sessions.clear()
            shardCount = count
          }
          session = {
            id: `fake-session-${Math.random().toString(36).slice(2)}`,
            shard: [id, count],
            ws,
            ready: false,
            sequence: 0,
            sent: []
          }
          sessions.set(id, session)
          const own = [...guilds.values()].filter(
            (guild) => shardOf(guild.id, count) === id
          )
          dispatchOn(session, 'READY', {
            v: 10,
            user: botUser,
            guilds: own.map((guild) => ({ id: guild.id, unavailable: true })),
            session_id: session.id,
            resume_gateway_url: gatewayUrl,
            shard: [id, count],
            application: { id: applicationId, flags: 0 }
          })
          markReady(session)
          for (const guild of own) dispatchGuild(guild)
          break
        }
        case 6: {
          resumeCount++
          const resume = frame.d as { seq?: number; session_id?: string }
          session = [...sessions.values()].find(
            (s) => s.id === resume.session_id
          )
          if (session === undefined) {
            // Discord: INVALID_SESSION (not resumable); the client identifies anew.
            send(ws, { op: 9, d: false, s: null, t: null })
            break
          }
          session.ws = ws
          const seq = resume.seq ?? 0
          for (const event of session.sent.filter((e) => e.s > seq))
            send(ws, { op: 0, ...event })
          dispatchOn(session, 'RESUMED', null)
          markReady(session)
          break
        }
        default:
          break
      }
    })
    ws.on('close', () => {
      if (session !== undefined && session.ws === ws) {
        session.ws = undefined
        session.ready = false
      }
    })
  }

  /** Number an event in a session, keep it for RESUME, and send it on `ws` if that is open. */
  function dispatchOn(
    session: Session,
    t: string,
    d: unknown,
    ws: WebSocket | undefined = session.ws
  ): void {
    const event = { s: ++session.sequence, t, d }
    session.sent.push(event)
    if (ws && ws.readyState === ws.OPEN) send(ws, { op: 0, ...event })
  }

  /** @returns The shard the event went to, or undefined when that shard has no session yet. */
  function dispatch(t: string, d: unknown): number | undefined {
    const shard = shardOfEvent(t, d)
    const session = sessions.get(shard)
    if (session === undefined) return undefined
    // Before READY/RESUMED the event is only numbered and kept: the RESUME replays it.
    dispatchOn(session, t, d, session.ready ? session.ws : undefined)
    return shard
  }

  function dispatchGuild(guild: FakeGuild): void {
    const list = guild.channels ?? []
    const isThread = (c: FakeChannel) =>
      c.type === CHANNEL.publicThread || c.type === CHANNEL.privateThread
    dispatch('GUILD_CREATE', {
      id: guild.id,
      name: `guild ${guild.id}`,
      icon: null,
      owner_id: '0',
      preferred_locale: guild.preferred_locale ?? 'en-US',
      roles: [],
      emojis: [],
      stickers: [],
      features: [],
      members: [],
      voice_states: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      member_count: 1,
      large: false,
      unavailable: false,
      joined_at: '2024-01-01T00:00:00.000Z',
      channels: list.filter((c) => !isThread(c)),
      threads: list.filter(isThread)
    })
  }

  function show(message: FakeMessage, audience: Audience): void {
    audiences.set(message.id, audience)
    shown.push({ message, audience })
  }

  /** What the bot receives of a user's message, given its intents. */
  function asReceived(message: FakeMessage, mentionsBot: boolean): unknown {
    const dm = message['guild_id'] === undefined
    if ((intents & MESSAGE_CONTENT_INTENT) !== 0 || mentionsBot || dm)
      return message
    return {
      ...message,
      content: '',
      attachments: [],
      embeds: [],
      components: [],
      poll: undefined
    }
  }

  function postMessage(post: {
    channelId: string
    guildId?: string
    content: string
    authorId?: string
    attachments?: unknown[]
    mentionsBot?: boolean
    id?: string
  }): FakeMessage {
    const channel = channels.get(post.channelId)
    const guildId = post.guildId ?? channel?.guild_id
    const author = {
      id: post.authorId ?? '500000000000000042',
      username: 'user',
      discriminator: '0',
      global_name: 'user',
      avatar: null
    }
    const message = makeMessage(
      post.channelId,
      {},
      {
        ...(post.id === undefined ? {} : { id: post.id }),
        content: post.content,
        attachments: post.attachments ?? [],
        author,
        webhook_id: undefined,
        application_id: undefined,
        mentions: post.mentionsBot === true ? [botUser] : [],
        ...(guildId === undefined ? {} : { guild_id: guildId })
      }
    )
    show(message, { kind: 'channel' })
    if (guildId === undefined || (intents & GUILD_MESSAGES_INTENT) !== 0)
      dispatch('MESSAGE_CREATE', {
        ...(asReceived(message, post.mentionsBot === true) as object),
        member: { roles: [], joined_at: '2024-01-01T00:00:00.000Z' }
      })
    return message
  }

  function createThread(thread: {
    parentId: string
    guildId: string
    name?: string
    id?: string
  }): FakeChannel {
    const channel: FakeChannel = {
      id: thread.id ?? snowflake(),
      type: CHANNEL.publicThread,
      guild_id: thread.guildId,
      parent_id: thread.parentId,
      name: thread.name ?? 'thread',
      owner_id: '500000000000000042',
      thread_metadata: {
        archived: false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date(now()).toISOString(),
        locked: false
      },
      message_count: 0,
      member_count: 1
    }
    channels.set(channel.id, channel)
    dispatch('THREAD_CREATE', { ...channel, newly_created: true })
    return channel
  }

  function record(request: RecordedRequest): void {
    requests.push(request)
    for (const waiter of waiters) {
      if (waiter.predicate(request)) {
        waiters.delete(waiter)
        waiter.resolve(request)
      }
    }
  }

  function json(
    res: ServerResponse,
    status: number,
    body?: unknown,
    headers: Record<string, string> = {}
  ): void {
    if (body === undefined) {
      res.writeHead(status, headers)
      res.end()
      return
    }
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }

  function makeMessage(
    channelId: string,
    body: unknown,
    extra: Record<string, unknown> = {}
  ): FakeMessage {
    const data =
      typeof body === 'object' && body !== null
        ? (body as Record<string, unknown>)
        : {}
    const message: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      type: 0,
      content: '',
      embeds: [],
      components: [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: 0,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      author: botUser,
      webhook_id: applicationId,
      application_id: applicationId,
      ...data,
      ...extra
    }
    messages.set(message.id, message)
    return message
  }

  function flagsOf(data: unknown): number {
    return typeof data === 'object' && data !== null && 'flags' in data
      ? Number((data as { flags?: unknown }).flags ?? 0)
      : 0
  }

  function audienceFor(
    interaction: InteractionRecord,
    ephemeral: boolean
  ): Audience {
    return ephemeral
      ? { kind: 'user', userId: interaction.userId }
      : { kind: 'channel' }
  }

  /** Edit a stored message: content may change, visibility (EPHEMERAL) never does. */
  function edit(id: string, body: unknown, followUp: boolean): FakeMessage {
    const existing = messages.get(id)
    if (existing === undefined) throw new Error(`no message ${id}`)
    const patch: Record<string, unknown> =
      typeof body === 'object' && body !== null
        ? { ...(body as Record<string, unknown>) }
        : {}
    delete patch['flags']
    const updated: FakeMessage = {
      ...existing,
      ...patch,
      id,
      channel_id: existing.channel_id,
      flags: flagsOf(existing) & EPHEMERAL,
      edited_timestamp: followUp ? null : new Date(now()).toISOString()
    }
    loading.delete(id)
    messages.set(id, updated)
    const audience = audiences.get(id) ?? { kind: 'channel' }
    shown.push({ message: updated, audience })
    return updated
  }

  async function readBody(req: IncomingMessage): Promise<unknown> {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    if (chunks.length === 0) return undefined
    const text = Buffer.concat(chunks).toString('utf8')
    const type = req.headers['content-type'] ?? ''
    if (type.startsWith('multipart/form-data')) {
      // discord.js sends files as multipart with the JSON in `payload_json`.
      const match =
        /name="payload_json"\r\n(?:Content-Type: [^\r\n]*\r\n)?\r\n([\s\S]*?)\r\n--/.exec(
          text
        )
      return match?.[1] === undefined ? text : JSON.parse(match[1])
    }
    return text === '' ? undefined : JSON.parse(text)
  }

  async function handleHttp(
    req: IncomingMessage,
    res: ServerResponse
  ): Promise<void> {
    const url = new URL(req.url ?? '/', origin)
    const method = req.method ?? 'GET'

    if (url.pathname.startsWith('/cdn/')) {
      downloads.push(url.pathname)
      const trickle = trickles.get(url.pathname)
      if (trickle !== undefined) {
        res.writeHead(200, { 'content-type': trickle.contentType })
        const timer = setInterval(() => {
          res.write(trickle.chunk)
        }, trickle.intervalMs)
        res.once('close', () => clearInterval(timer))
        return
      }
      const file = cdn.get(url.pathname)
      if (!file) return json(res, 404, { message: 'Not Found', code: 0 })
      res.writeHead(200, {
        'content-type': file.contentType,
        'content-length': String(file.bytes.length)
      })
      res.end(file.bytes)
      return
    }
    if (!url.pathname.startsWith('/api/v10/'))
      return json(res, 404, { message: '404: Not Found', code: 0 })

    const path = decodeURIComponent(url.pathname.slice('/api/v10'.length))
    const body = await readBody(req)
    record({
      method,
      path,
      body,
      headers: req.headers,
      at: Date.now() - started
    })

    const limited = rateLimits.findIndex(
      (r) => r.method === method && path.startsWith(r.prefix)
    )
    if (limited !== -1) {
      const [limit] = rateLimits.splice(limited, 1)
      const retryAfter = limit?.retryAfter ?? 1
      return json(
        res,
        429,
        {
          message: 'You are being rate limited.',
          retry_after: retryAfter,
          global: false
        },
        { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user' }
      )
    }

    const failing = failures.findIndex(
      (f) => f.method === method && path.startsWith(f.prefix)
    )
    if (failing !== -1) {
      const [failure] = failures.splice(failing, 1)
      if (failure !== undefined) return json(res, failure.status, failure.error)
    }

    const parts = path.split('/').filter(Boolean)
    const authorised = (): boolean => {
      const header = req.headers.authorization ?? ''
      return options.token === undefined
        ? header.startsWith('Bot ')
        : header === `Bot ${options.token}`
    }

    // GET /gateway/bot
    if (method === 'GET' && path === '/gateway/bot') {
      if (!authorised())
        return json(res, 401, { message: '401: Unauthorized', code: 0 })
      return json(res, 200, {
        url: gatewayUrl,
        shards: recommendedShards,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 0,
          max_concurrency: 1
        }
      })
    }
    if (method === 'GET' && path === '/users/@me') {
      if (!authorised())
        return json(res, 401, { message: '401: Unauthorized', code: 0 })
      return json(res, 200, botUser)
    }

    // /applications/{app}/commands and /applications/{app}/guilds/{guild}/commands
    if (parts[0] === 'applications' && parts.at(-1) === 'commands') {
      if (!authorised())
        return json(res, 401, { message: '401: Unauthorized', code: 0 })
      const key = parts[2] === 'guilds' ? (parts[3] ?? 'global') : 'global'
      if (method === 'PUT') {
        const list = Array.isArray(body)
          ? (body as Record<string, unknown>[])
          : []
        const stored = list.map((command) => ({
          id: snowflake(),
          application_id: parts[1],
          version: snowflake(),
          ...(key === 'global' ? {} : { guild_id: key }),
          ...command
        }))
        commands.set(key, stored)
        return json(res, 200, stored)
      }
      if (method === 'GET') return json(res, 200, commands.get(key) ?? [])
    }

    // POST /interactions/{id}/{token}/callback — no Authorization header; 3 s and single-use rules.
    if (
      method === 'POST' &&
      parts[0] === 'interactions' &&
      parts[3] === 'callback'
    ) {
      const interaction = interactions.get(parts[1] ?? '')
      if (!interaction || interaction.token !== parts[2]) {
        return json(res, 404, { message: 'Unknown interaction', code: 10062 })
      }
      if (interaction.callback) {
        return json(res, 400, {
          message: 'Interaction has already been acknowledged.',
          code: 40060
        })
      }
      if (now() - interaction.dispatchedAt > callbackDeadlineMs) {
        return json(res, 404, { message: 'Unknown interaction', code: 10062 })
      }
      const callback = body as { type: number; data?: unknown }
      interaction.callback = { type: callback.type, data: callback.data }
      interaction.acknowledgedAt = now()
      if (callback.type === 4 || callback.type === 5) {
        const ephemeral = (flagsOf(callback.data) & EPHEMERAL) !== 0
        const id = `original-${interaction.id}`
        const message = makeMessage(interaction.channelId, callback.data, {
          id,
          interaction_id: interaction.id,
          flags:
            (ephemeral ? EPHEMERAL : 0) | (callback.type === 5 ? LOADING : 0)
        })
        if (callback.type === 5) loading.add(id)
        show(message, audienceFor(interaction, ephemeral))
      }
      if (url.searchParams.get('with_response') === 'true') {
        return json(res, 200, {
          interaction: { id: interaction.id, type: 2 },
          resource: { type: callback.type }
        })
      }
      return json(res, 204)
    }

    // /webhooks/{app}/{token}[/messages/{id}]
    if (parts[0] === 'webhooks') {
      const interaction = byToken.get(parts[2] ?? '')
      if (!interaction || parts[1] !== applicationId) {
        return json(res, 404, { message: 'Unknown Webhook', code: 10015 })
      }
      // An HTTP-mode interaction is acknowledged by the endpoint's HTTP response, which Discord has
      // before any edit; a test relays that response itself, so an edit may overtake the relay here.
      for (
        let waited = 0;
        !interaction.callback &&
        interaction.http &&
        waited < HTTP_RELAY_WAIT_MS;
        waited += 20
      )
        await new Promise((resolve) => setTimeout(resolve, 20))
      if (!interaction.callback)
        return json(res, 404, { message: 'Unknown Webhook', code: 10015 })
      if (now() - interaction.dispatchedAt > TOKEN_LIFETIME_MS)
        return json(res, 401, { message: 'Invalid Webhook Token', code: 50027 })
      const original = `original-${interaction.id}`
      if (parts.length === 3 && method === 'POST') {
        if (loading.has(original)) {
          // Discord: the first follow-up after a deferral edits the "thinking" message; its
          // visibility is the deferral's, whatever flags the follow-up carries.
          return json(res, 200, edit(original, body, true))
        }
        const ephemeral = (flagsOf(body) & EPHEMERAL) !== 0
        const message = makeMessage(interaction.channelId, body, {
          interaction_id: interaction.id,
          flags: ephemeral ? EPHEMERAL : 0
        })
        show(message, audienceFor(interaction, ephemeral))
        return json(res, 200, message)
      }
      if (parts[3] === 'messages' && parts[4] !== undefined) {
        const id = parts[4] === '@original' ? original : parts[4]
        const existing = messages.get(id)
        if (!existing)
          return json(res, 404, { message: 'Unknown Message', code: 10008 })
        if (method === 'GET') return json(res, 200, existing)
        if (method === 'DELETE') {
          messages.delete(id)
          loading.delete(id)
          return json(res, 204)
        }
        if (method === 'PATCH') {
          if (
            typeof body === 'object' &&
            body !== null &&
            'flags' in body &&
            (body as { flags?: unknown }).flags !== undefined
          )
            violations.push(
              `PATCH ${path}: flags ${String((body as { flags?: unknown }).flags)} on an edit (Discord ignores them)`
            )
          return json(res, 200, edit(id, body, false))
        }
      }
    }

    if (parts[0] === 'channels' && parts.length === 2 && method === 'GET') {
      const channel = channels.get(parts[1] ?? '')
      return channel === undefined
        ? json(res, 404, { message: 'Unknown Channel', code: 10003 })
        : json(res, 200, channel)
    }

    // /channels/{channel}/messages[/{id}] — watch-mode replies and removals.
    if (parts[0] === 'channels' && parts[2] === 'messages') {
      if (!authorised())
        return json(res, 401, { message: '401: Unauthorized', code: 0 })
      const channelId = parts[1] ?? '0'
      if (method === 'POST' && parts.length === 3) {
        if (channels.get(channelId)?.type === CHANNEL.forum)
          return json(res, 400, {
            message: 'Cannot send messages in a non-text channel',
            code: 50008
          })
        const message = makeMessage(channelId, body, {
          webhook_id: undefined,
          ...(channels.get(channelId)?.guild_id === undefined
            ? {}
            : { guild_id: channels.get(channelId)?.guild_id })
        })
        show(message, { kind: 'channel' })
        return json(res, 200, message)
      }
      const existing = messages.get(parts[3] ?? '')
      if (!existing)
        return json(res, 404, { message: 'Unknown Message', code: 10008 })
      if (method === 'DELETE') {
        messages.delete(existing.id)
        return json(res, 204)
      }
      if (method === 'GET') return json(res, 200, existing)
    }

    return json(res, 404, { message: '404: Not Found', code: 0 })
  }

  function httpPayload(
    payload: Record<string, unknown>,
    httpOptions: { gateway?: boolean } = {}
  ): Record<string, unknown> & { id: string; token: string } {
    const record = dispatchInteraction(payload, {
      gateway: httpOptions.gateway ?? false
    })
    return {
      ...payload,
      id: record.id,
      token: record.token,
      application_id: applicationId,
      version: 1
    }
  }

  function dispatchInteraction(
    payload: Record<string, unknown>,
    dispatchOptions: { gateway?: boolean } = {}
  ): InteractionRecord {
    const id = typeof payload['id'] === 'string' ? payload['id'] : snowflake()
    const token =
      typeof payload['token'] === 'string' ? payload['token'] : `token-${id}`
    const channel =
      payload['channel_id'] ??
      (payload['channel'] as { id?: unknown } | undefined)?.id
    const channelId = typeof channel === 'string' ? channel : '0'
    const member = payload['member'] as { user?: { id?: unknown } } | undefined
    const user = payload['user'] as { id?: unknown } | undefined
    const userId = member?.user?.id ?? user?.id
    const interaction: InteractionRecord = {
      id,
      token,
      channelId,
      userId: typeof userId === 'string' ? userId : '0',
      dispatchedAt: now(),
      acknowledgedAt: undefined,
      callback: undefined,
      http: dispatchOptions.gateway === false,
      shard: undefined
    }
    interactions.set(id, interaction)
    byToken.set(token, interaction)
    if (dispatchOptions.gateway === false) return interaction
    interaction.shard = dispatch('INTERACTION_CREATE', {
      application_id: applicationId,
      version: 1,
      entitlements: [],
      authorizing_integration_owners: {},
      attachment_size_limit: 10_485_760,
      ...payload,
      id,
      token
    })
    return interaction
  }

  async function waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = 5000
  ): Promise<RecordedRequest> {
    const found = requests.find(predicate)
    if (found) return found
    return new Promise((resolve, reject) => {
      const waiter = {
        predicate,
        resolve: (request: RecordedRequest) => {
          clearTimeout(timer)
          resolve(request)
        }
      }
      const timer = setTimeout(() => {
        waiters.delete(waiter)
        reject(
          new Error(`fake-discord: no matching request within ${timeoutMs} ms`)
        )
      }, timeoutMs)
      waiters.add(waiter)
    })
  }

  return {
    apiBase: `${origin}/api`,
    gatewayUrl,
    cdnBase: `${origin}/cdn`,
    applicationId,
    botId,
    requests,
    downloads,
    frames,
    commands,
    interactions,
    messages,
    channels,
    violations,
    audienceOf: (id) => audiences.get(id),
    shown,
    now,
    advance: (ms) => {
      offset += ms
    },
    intents: () => intents,
    addGuild: (guild) => {
      guilds.set(guild.id, guild)
      for (const channel of guild.channels ?? [])
        channels.set(channel.id, { guild_id: guild.id, ...channel })
      // To the owning shard's session: sent now if it is ready, replayed on RESUME, or in READY later.
      dispatchGuild(guild)
    },
    postMessage,
    createForumPost: (post) => {
      const thread = createThread({
        parentId: post.forumId,
        guildId: post.guildId,
        ...(post.name === undefined ? {} : { name: post.name })
      })
      const message = postMessage({
        channelId: thread.id,
        guildId: post.guildId,
        content: post.content,
        id: thread.id,
        ...(post.authorId === undefined ? {} : { authorId: post.authorId }),
        ...(post.attachments === undefined
          ? {}
          : { attachments: post.attachments })
      })
      return { thread, message }
    },
    createThread,
    sessions: () =>
      [...sessions.values()].map((session) => ({
        shard: session.shard,
        ready: session.ready
      })),
    identifies: () => identifyCount,
    resumes: () => resumeCount,
    waitForReady: (timeoutMs = 10_000) =>
      allReady()
        ? Promise.resolve()
        : new Promise((resolve, reject) => {
            const timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `fake-discord: the bot did not get ready within ${timeoutMs} ms`
                  )
                ),
              timeoutMs
            )
            readyWaiters.add(() => {
              clearTimeout(timer)
              resolve()
            })
          }),
    dispatch,
    dispatchInteraction,
    httpPayload,
    waitForRequest,
    requestsFor: (interaction) =>
      requests.filter(
        (r) =>
          r.path.startsWith(`/interactions/${interaction.id}/`) ||
          r.path.startsWith(`/webhooks/${applicationId}/${interaction.token}`)
      ),
    closeGateway: (code, shard) => {
      for (const session of sessions.values()) {
        if (shard !== undefined && session.shard[0] !== shard) continue
        session.ready = false
        // 1006 cannot be sent in a close frame: it is what the client sees when the socket just drops.
        if (code === 1006) session.ws?.terminate()
        else session.ws?.close(code)
      }
    },
    addAttachment: (filename, bytes, contentType) => {
      const id = snowflake()
      const data =
        typeof bytes === 'string'
          ? Buffer.from(bytes, 'utf8')
          : Buffer.from(bytes)
      const path = `/cdn/attachments/0/${id}/${encodeURIComponent(filename)}`
      cdn.set(path, {
        bytes: data,
        contentType: contentType ?? 'application/octet-stream'
      })
      const url = `${origin}${path}?ex=0&is=0&hm=fake`
      return {
        id,
        filename,
        size: data.length,
        url,
        proxy_url: url,
        ...(contentType === undefined ? {} : { content_type: contentType })
      }
    },
    addTrickleAttachment: (filename, trickle = {}) => {
      const id = snowflake()
      const path = `/cdn/attachments/0/${id}/${encodeURIComponent(filename)}`
      const contentType = trickle.contentType ?? 'text/plain; charset=utf-8'
      trickles.set(path, {
        chunk: trickle.chunk ?? 'still sending…\n',
        intervalMs: trickle.intervalMs ?? 50,
        contentType
      })
      const url = `${origin}${path}?ex=0&is=0&hm=fake`
      // Discord declares a small size; the body never ends.
      return {
        id,
        filename,
        size: 1024,
        url,
        proxy_url: url,
        content_type: contentType
      }
    },
    failOnce: (method, prefix, status, error) => {
      failures.push({ method, prefix, status, error })
    },
    rateLimitOnce: (method, prefix, retryAfterSeconds = 1) => {
      rateLimits.push({ method, prefix, retryAfter: retryAfterSeconds })
    },
    close: async () => {
      for (const client of wss.clients) client.terminate()
      wss.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
