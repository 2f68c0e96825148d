/**
 * Several `remedy serve` processes on one PostgreSQL database behind one address, as an operator
 * runs them behind a load balancer: the harness of the two-instance test and of the bench's load
 * run. The balancer here sends each request to a live instance at random, and a request refused by a
 * dead one to another (a load balancer's health check, in short). The load is Discord's: signed
 * `/diagnose` interactions, and a click on each answer's "fixed it" button, which lands on whichever
 * instance the balancer picks.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { once } from 'node:events'
import { createServer, request as httpRequest } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import type { FakeDiscord } from '../fake-discord/index.ts'
import { chatInput, component } from '../fake-discord/interactions.ts'
import type { TestKeys } from '../http/keys.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const BIN = join(ROOT, 'bin/remedy.js')

/** One `remedy serve` process. */
export interface Instance {
  name: string
  url: string
  child: ChildProcessWithoutNullStreams
  exit: Promise<number | null>
  stderr: () => string
}

/**
 * Start `remedy serve --port 0` and wait until it listens.
 * @param name A name for the answers it gives (`a`, `b` …).
 * @param env Its environment (REMEDY_DB, DISCORD_* …).
 * @param cwd Its working folder.
 * @param timeoutMs How long starting may take.
 * @returns The running instance.
 */
export async function startInstance(
  name: string,
  env: Record<string, string>,
  cwd: string,
  timeoutMs = 90_000
): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env }
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const exit = once(child, 'exit').then(([code]) => code as number | null)
  const until = Date.now() + timeoutMs
  let url: string | undefined
  while (url === undefined) {
    url = /Remedy playground: (http:\/\/\S+?)\/\n/.exec(out)?.[1]
    if (child.exitCode !== null || Date.now() > until)
      throw new Error(`test: remedy serve ${name} did not start: ${err}`)
    await new Promise((done) => setTimeout(done, 25))
  }
  return { name, url, child, exit, stderr: () => err }
}

/** The one address in front of the instances. */
export interface Balancer {
  url: string
  /** Which instance answered each path's requests, in order (`a`, `b` …). */
  served: Map<string, string>
  close: () => Promise<void>
}

/**
 * A load balancer: each request goes to a live instance at random; a connection refused marks the
 * instance dead and the request goes to another one.
 * @param instances The instances behind it.
 * @returns The balancer.
 */
export async function startBalancer(instances: Instance[]): Promise<Balancer> {
  const dead = new Set<string>()
  const served = new Map<string, string>()
  const forward = async (
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer
  ): Promise<void> => {
    for (;;) {
      const live = instances.filter((instance) => !dead.has(instance.name))
      const target = live[Math.floor(Math.random() * live.length)]
      if (target === undefined) {
        res.writeHead(503).end()
        return
      }
      try {
        const upstream = await new Promise<IncomingMessage>((done, fail) => {
          const out = httpRequest(
            `${target.url}${req.url ?? '/'}`,
            { method: req.method, headers: req.headers },
            done
          )
          out.on('error', fail)
          out.end(body)
        })
        const tag = req.headers['x-request-tag']
        if (typeof tag === 'string') served.set(tag, target.name)
        res.writeHead(upstream.statusCode ?? 502, {
          ...upstream.headers,
          'x-instance': target.name
        })
        upstream.pipe(res)
        return
      } catch (error) {
        const code =
          error instanceof Error && 'code' in error ? error.code : undefined
        if (code === 'ECONNREFUSED') {
          dead.add(target.name)
          continue
        }
        // The instance died with the request in flight: the client gets no acknowledgement.
        res.destroy()
        return
      }
    }
  }
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      void forward(req, res, Buffer.concat(chunks))
    })
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const address = server.address()
  const port =
    typeof address === 'object' && address !== null ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    served,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections()
        server.close(() => {
          done()
        })
      })
  }
}

/** What a load run saw. */
export interface LoadResult {
  /** Milliseconds from sending each signed interaction to its acknowledgement. */
  latencies: number[]
  /** Diagnoses acknowledged with buttons: state id → the instance that answered. */
  diagnoses: Map<string, string>
  /** Votes acknowledged with "thanks": state id → the instance that answered. */
  votes: Map<string, string>
  /** Votes answered by another instance than the one that made the button. */
  crossed: number
  /** Interactions that got no acknowledgement (an instance killed with them in flight). */
  lost: number
  /** Clicks answered "this answer expired". */
  expired: number
  /** Clicks answered with anything else than "thanks" or "expired" (the answers). */
  otherAnswers: string[]
  /** Diagnoses answered without a "fixed it" button (the answers). */
  buttonless: string[]
}

/** What `runLoad` needs. */
export interface LoadOptions {
  balancer: Balancer
  fake: FakeDiscord
  keys: TestKeys
  /** Diagnoses to ask; each is followed by one click, so twice as many interactions. */
  diagnoses: number
  /** Interactions in flight at once. */
  concurrency: number
  /** The log every `/diagnose` sends (it must match an article, so that the answer has buttons). */
  log: string
  /** Called once after this many diagnoses were acknowledged (to kill an instance mid-load). */
  midway?: { after: number; run: () => void } | undefined
  /** The text of the "thanks" and "expired" answers. */
  thanks: string
  expiredText: string
}

interface Answer {
  type: number
  data?: {
    content?: string
    components?: { components?: { custom_id?: string }[] }[]
  }
}

/**
 * Send signed interactions through the balancer: a `/diagnose`, then a click on its "fixed it"
 * button, for each diagnosis, `concurrency` at a time.
 * @param options The balancer, the fake Discord, the keys, the size of the run.
 * @returns What was acknowledged, and the latencies.
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { balancer, fake, keys } = options
  const result: LoadResult = {
    latencies: [],
    diagnoses: new Map(),
    votes: new Map(),
    crossed: 0,
    lost: 0,
    expired: 0,
    otherAnswers: [],
    buttonless: []
  }
  let tags = 0
  const send = async (
    payload: Record<string, unknown>
  ): Promise<{ answer: Answer; instance: string } | undefined> => {
    const record = fake.httpPayload(payload)
    const body = JSON.stringify(record)
    const started = performance.now()
    let response: Response
    try {
      response = await fetch(`${balancer.url}/interactions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-tag': String(++tags),
          ...keys.sign(body)
        },
        body
      })
      if (response.status !== 200) {
        result.lost++
        return undefined
      }
    } catch {
      result.lost++
      return undefined
    }
    const answer = (await response.json()) as Answer
    result.latencies.push(performance.now() - started)
    const instance = response.headers.get('x-instance') ?? '?'
    // As Discord does, the endpoint's response is the interaction's callback: relay it to the fake.
    await fetch(
      `${fake.apiBase}/v10/interactions/${record.id}/${record.token}/callback`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(answer)
      }
    )
    if (answer.type !== 5 && answer.type !== 6) return { answer, instance }
    // A deferral (5, or 6 for a click whose handler was slow): the answer comes as an edit of the
    // original message (PATCH) or a follow-up (POST). One that never comes (the acknowledgement was
    // past Discord's 3 s, so the token is dead) is an answer lost.
    try {
      const late = await fake.waitForRequest(
        (request) =>
          request.path.startsWith('/webhooks/') &&
          request.path.includes(record.token) &&
          (request.method === 'PATCH' || request.method === 'POST'),
        15_000
      )
      return {
        answer: { type: 4, data: late.body as NonNullable<Answer['data']> },
        instance
      }
    } catch {
      result.lost++
      return undefined
    }
  }

  let next = 0
  let acknowledged = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < options.diagnoses; i = next++) {
      const asked = await send(
        chatInput('diagnose', [{ name: 'log', type: 3, value: options.log }], {
          userId: `70000000000${String(i).padStart(7, '0')}`
        })
      )
      if (asked === undefined) continue
      const fix = (asked.answer.data?.components ?? [])
        .flatMap((row) => row.components ?? [])
        .map((button) => button.custom_id ?? '')
        .find((id) => id.split(':')[1] === 'fix')
      if (fix === undefined) {
        result.buttonless.push(JSON.stringify(asked.answer).slice(0, 400))
        continue
      }
      const stateId = fix.split(':')[2] ?? ''
      result.diagnoses.set(stateId, asked.instance)
      acknowledged++
      if (options.midway !== undefined && acknowledged === options.midway.after)
        options.midway.run()
      const clicked = await send(
        component(fix, 2, undefined, {
          userId: `60000000000${String(i).padStart(7, '0')}`
        })
      )
      if (clicked === undefined) continue
      const content = clicked.answer.data?.content ?? ''
      if (content === options.expiredText) result.expired++
      else if (content !== options.thanks)
        result.otherAnswers.push(JSON.stringify(clicked.answer).slice(0, 400))
      if (content !== options.thanks) continue
      result.votes.set(stateId, clicked.instance)
      if (clicked.instance !== asked.instance) result.crossed++
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker))
  return result
}

/**
 * A percentile of latencies.
 * @param values Milliseconds.
 * @param fraction 0.99 for p99.
 * @returns The value at that rank (nearest rank), or 0 without values.
 */
export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return 0
  const sorted = [...values].sort((a, b) => a - b)
  return (
    sorted[
      Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)
    ] ?? 0
  )
}
