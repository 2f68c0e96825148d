import { describe, expect, it } from 'vitest'
import { INVALID_PUBLIC_KEY } from '../errors.ts'
import { makeKeys } from '../../test/http/keys.ts'
import {
  createVerifier,
  MAX_SIGNATURE_AGE_SECONDS,
  parsePublicKey
} from './verify.ts'

const keys = makeKeys()
const other = makeKeys()
const now = 1_750_000_000_000
const nowSeconds = now / 1000
const body = Buffer.from('{"type":1}')

const flip = (hex: string): string =>
  (hex[0] === '0' ? '1' : '0') + hex.slice(1)

describe('createVerifier', () => {
  const check = createVerifier(keys.publicKeyHex)
  const good = keys.sign(body, nowSeconds)
  const cases: {
    name: string
    signature: string | undefined
    timestamp: string | undefined
    body: Uint8Array
    expected: ReturnType<typeof check>
  }[] = [
    {
      name: 'should accept a signature over the exact raw bytes',
      signature: good['x-signature-ed25519'],
      timestamp: good['x-signature-timestamp'],
      body,
      expected: { ok: true }
    },
    {
      name: 'should refuse a tampered body',
      signature: good['x-signature-ed25519'],
      timestamp: good['x-signature-timestamp'],
      body: Buffer.from('{"type":2}'),
      expected: { ok: false, reason: 'bad-signature' }
    },
    {
      name: 'should refuse re-serialised JSON of the same value',
      signature: good['x-signature-ed25519'],
      timestamp: good['x-signature-timestamp'],
      body: Buffer.from('{ "type": 1 }'),
      expected: { ok: false, reason: 'bad-signature' }
    },
    {
      name: 'should refuse a flipped signature',
      signature: flip(good['x-signature-ed25519'] ?? ''),
      timestamp: good['x-signature-timestamp'],
      body,
      expected: { ok: false, reason: 'bad-signature' }
    },
    {
      name: 'should refuse a signature made with another key',
      signature: other.sign(body, nowSeconds)['x-signature-ed25519'],
      timestamp: good['x-signature-timestamp'],
      body,
      expected: { ok: false, reason: 'bad-signature' }
    },
    {
      name: 'should refuse a signature whose timestamp was changed',
      signature: good['x-signature-ed25519'],
      timestamp: String(nowSeconds - 1),
      body,
      expected: { ok: false, reason: 'bad-signature' }
    },
    {
      name: 'should refuse a correctly signed request older than five minutes',
      signature: keys.sign(body, nowSeconds - MAX_SIGNATURE_AGE_SECONDS - 1)[
        'x-signature-ed25519'
      ],
      timestamp: String(nowSeconds - MAX_SIGNATURE_AGE_SECONDS - 1),
      body,
      expected: { ok: false, reason: 'stale-timestamp' }
    },
    {
      name: 'should refuse a correctly signed request from the far future',
      signature: keys.sign(body, nowSeconds + 3600)['x-signature-ed25519'],
      timestamp: String(nowSeconds + 3600),
      body,
      expected: { ok: false, reason: 'stale-timestamp' }
    },
    {
      name: 'should refuse a missing signature',
      signature: undefined,
      timestamp: good['x-signature-timestamp'],
      body,
      expected: { ok: false, reason: 'missing-headers' }
    },
    {
      name: 'should refuse a missing timestamp',
      signature: good['x-signature-ed25519'],
      timestamp: undefined,
      body,
      expected: { ok: false, reason: 'missing-headers' }
    },
    {
      name: 'should refuse a signature that is not hex',
      signature: 'z'.repeat(128),
      timestamp: good['x-signature-timestamp'],
      body,
      expected: { ok: false, reason: 'malformed-headers' }
    },
    {
      name: 'should refuse a short signature',
      signature: (good['x-signature-ed25519'] ?? '').slice(0, 64),
      timestamp: good['x-signature-timestamp'],
      body,
      expected: { ok: false, reason: 'malformed-headers' }
    },
    {
      name: 'should refuse a timestamp that is not a number',
      signature: good['x-signature-ed25519'],
      timestamp: '1e9',
      body,
      expected: { ok: false, reason: 'malformed-headers' }
    }
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(
        check({
          signature: c.signature,
          timestamp: c.timestamp,
          body: c.body,
          now
        })
      ).toEqual(c.expected)
    })
  }
})

describe('parsePublicKey', () => {
  it('should read the hex key the Developer Portal shows', () => {
    expect(parsePublicKey(keys.publicKeyHex).asymmetricKeyType).toBe('ed25519')
  })
  for (const bad of ['', 'abc', 'g'.repeat(64), keys.publicKeyHex + '00']) {
    it(`should refuse ${JSON.stringify(bad.slice(0, 12))} with a message that says what is expected`, () => {
      expect(() => parsePublicKey(bad)).toThrow(INVALID_PUBLIC_KEY(bad))
    })
  }
})
