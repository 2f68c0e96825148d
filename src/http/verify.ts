/**
 * @module http/verify
 * Ed25519 verification of Discord's HTTP interactions, with Node's own crypto. Discord signs
 * `timestamp + raw body`; the raw bytes are verified, never re-serialised JSON.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import { INVALID_PUBLIC_KEY } from '../errors.ts'

/** How far a signature timestamp may be from the server clock. */
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60

/** What a verification decided, and why when it failed (for the log, never for the client). */
export type VerifyResult =
  | { ok: true }
  | {
      ok: false
      reason:
        | 'missing-headers'
        | 'malformed-headers'
        | 'stale-timestamp'
        | 'bad-signature'
    }

/** The signed parts of one request. */
export interface SignedRequest {
  signature: string | undefined
  timestamp: string | undefined
  body: Uint8Array
  /** The current time in milliseconds (tests pass their own). */
  now?: number
}

const HEX_KEY = /^[0-9a-f]{64}$/i
const HEX_SIGNATURE = /^[0-9a-f]{128}$/i
const TIMESTAMP = /^\d{1,12}$/

/**
 * Build a key object from Discord's public key (32 raw bytes, hex), as shown in the Developer Portal.
 * @param publicKeyHex The application's public key in hex.
 * @returns The key, for `verify`.
 */
export function parsePublicKey(publicKeyHex: string): KeyObject {
  const hex = publicKeyHex.trim()
  if (!HEX_KEY.test(hex)) throw new Error(INVALID_PUBLIC_KEY(publicKeyHex))
  const x = Buffer.from(hex, 'hex').toString('base64url')
  return createPublicKey({
    key: { kty: 'OKP', crv: 'Ed25519', x },
    format: 'jwk'
  })
}

/**
 * Create a verifier bound to one public key.
 * @param publicKeyHex The application's public key in hex.
 * @returns A function that checks the headers and raw body of one request.
 * @example
 * const check = createVerifier(process.env.DISCORD_PUBLIC_KEY)
 * check({ signature, timestamp, body }).ok
 */
export function createVerifier(
  publicKeyHex: string
): (request: SignedRequest) => VerifyResult {
  const key = parsePublicKey(publicKeyHex)
  return ({ signature, timestamp, body, now = Date.now() }) => {
    if (signature === undefined || timestamp === undefined)
      return { ok: false, reason: 'missing-headers' }
    if (!HEX_SIGNATURE.test(signature) || !TIMESTAMP.test(timestamp)) {
      return { ok: false, reason: 'malformed-headers' }
    }
    // Old and far-future timestamps are both refused: a captured request must not be replayable.
    if (Math.abs(now / 1000 - Number(timestamp)) > MAX_SIGNATURE_AGE_SECONDS) {
      return { ok: false, reason: 'stale-timestamp' }
    }
    const message = Buffer.concat([Buffer.from(timestamp, 'utf8'), body])
    const good = verify(null, message, key, Buffer.from(signature, 'hex'))
    return good ? { ok: true } : { ok: false, reason: 'bad-signature' }
  }
}
