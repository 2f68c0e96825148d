/**
 * Property tests of `POST /interactions`: whatever the headers and the body, the handler layer runs
 * only for a request signed by the application's key within the time window. Fuzzed: signature and
 * timestamp headers (missing, malformed, other keys, stale, valid for another body), bodies (random
 * bytes, random JSON, real interactions altered by one byte), content types. `npm test` runs a
 * short seeded version; `npm run fuzz` runs FUZZ_RUNS cases (100,000).
 */
import fc from 'fast-check'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { createInteractions } from '../../src/http/interactions.ts'
import { MAX_SIGNATURE_AGE_SECONDS } from '../../src/http/verify.ts'
import { makeKeys } from '../http/keys.ts'

const RUNS = Number(process.env.FUZZ_RUNS ?? 200)
const SEED = 7_001
/** Each case takes about a millisecond; the long run must not hit vitest's 5-second default. */
const TIMEOUT_MS = 10_000 + RUNS * 5
const NOW = 1_750_000_000

const keys = makeKeys()
const stranger = makeKeys()
let dispatched = 0
const interactions = createInteractions({
  publicKey: keys.publicKeyHex,
  now: () => NOW * 1000,
  // A dispatch that answers at once, so that a signed request completes without Discord.
  dispatch: async (_, respond) => {
    dispatched++
    await respond.reply({ content: 'ok' })
  }
})
const app = new Hono()
interactions.mount(app, { interactionBytes: 64 * 1024 })

/** A plausible interaction, as Discord would send it. */
const interaction = fc.record({
  id: fc.stringMatching(/^\d{17,19}$/),
  application_id: fc.stringMatching(/^\d{17,19}$/),
  type: fc.integer({ min: 2, max: 5 }),
  token: fc.string({ minLength: 1, maxLength: 80 }),
  version: fc.constant(1),
  data: fc.dictionary(
    fc.string({ maxLength: 10 }),
    fc.jsonValue({ maxDepth: 3 })
  )
})

/** A body: random bytes, random JSON text, or a real interaction. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.json({ maxDepth: 4 }).map((text) => new TextEncoder().encode(text)),
  interaction.map((value) => new TextEncoder().encode(JSON.stringify(value)))
)

const hex = (length: number) =>
  fc
    .uint8Array({ minLength: length, maxLength: length })
    .map((bytes) => Buffer.from(bytes).toString('hex'))

/** Signature headers that must all be refused for `bytes` signed or not. */
const badHeaders = (bytes: Uint8Array) =>
  fc.oneof(
    fc.constant({}),
    fc.record({ 'x-signature-ed25519': hex(64) }),
    fc.record({
      'x-signature-ed25519': hex(64),
      'x-signature-timestamp': fc.integer({ min: 0, max: 2 ** 40 }).map(String)
    }),
    fc.record({
      'x-signature-ed25519': fc.string({ maxLength: 200 }),
      'x-signature-timestamp': fc.string({ maxLength: 20 })
    }),
    // Signed by another key.
    fc.constant(stranger.sign(bytes, NOW)),
    // Signed by the right key, but too old or too far in the future.
    fc
      .integer({ min: MAX_SIGNATURE_AGE_SECONDS + 1, max: 10 ** 7 })
      .chain((skew) =>
        fc.constantFrom(
          keys.sign(bytes, NOW - skew),
          keys.sign(bytes, NOW + skew)
        )
      ),
    // Signed by the right key over a different body.
    fc
      .uint8Array({ minLength: 1, maxLength: 64 })
      .filter(
        (other) => Buffer.compare(Buffer.from(other), Buffer.from(bytes)) !== 0
      )
      .map((other) => keys.sign(other, NOW)),
    // Signed by the right key, with the timestamp header changed after signing.
    fc.integer({ min: 1, max: 60 }).map((shift) => ({
      ...keys.sign(bytes, NOW),
      'x-signature-timestamp': String(NOW - shift)
    }))
  )

const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  ''
)

async function post(
  bytes: Uint8Array,
  headers: Record<string, string>,
  type: string
): Promise<Response> {
  return app.request('/interactions', {
    method: 'POST',
    headers: type === '' ? headers : { 'content-type': type, ...headers },
    body: new Uint8Array(bytes)
  })
}

describe('POST /interactions under fuzzing', () => {
  it(
    'should never dispatch a request without a valid signature',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          body.chain((bytes) =>
            fc.tuple(fc.constant(bytes), badHeaders(bytes), contentType)
          ),
          async ([bytes, headers, type]) => {
            const before = dispatched
            const response = await post(bytes, headers, type)
            await response.arrayBuffer()
            expect(response.status).toBe(401)
            expect(dispatched).toBe(before)
          }
        ),
        { numRuns: RUNS, seed: SEED }
      )
    },
    TIMEOUT_MS
  )

  it(
    'should refuse a signed interaction altered by one byte',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          interaction,
          fc.nat(),
          fc.integer({ min: 1, max: 255 }),
          async (value, at, flip) => {
            const bytes = new TextEncoder().encode(JSON.stringify(value))
            const headers = keys.sign(bytes, NOW)
            const altered = Uint8Array.from(bytes)
            const index = at % altered.length
            altered[index] = (altered[index] ?? 0) ^ flip
            const before = dispatched
            const response = await post(altered, headers, 'application/json')
            await response.arrayBuffer()
            expect(response.status).toBe(401)
            expect(dispatched).toBe(before)
          }
        ),
        { numRuns: RUNS, seed: SEED + 1 }
      )
    },
    TIMEOUT_MS
  )

  it(
    'should dispatch exactly the validly signed interactions, and answer every signed body with 200 or 400',
    async () => {
      await fc.assert(
        fc.asyncProperty(body, async (bytes) => {
          const before = dispatched
          const response = await post(
            bytes,
            keys.sign(bytes, NOW),
            'application/json'
          )
          await response.arrayBuffer()
          expect([200, 400]).toContain(response.status)
          // Only a well-formed non-PING envelope reaches the handler layer.
          expect(dispatched - before).toBe(
            response.status === 200 && !isPing(bytes) ? 1 : 0
          )
        }),
        { numRuns: RUNS, seed: SEED + 2 }
      )
      await interactions.pending()
    },
    TIMEOUT_MS
  )
})

function isPing(bytes: Uint8Array): boolean {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes))
    return (
      typeof value === 'object' &&
      value !== null &&
      'type' in value &&
      value.type === 1
    )
  } catch {
    return false
  }
}
