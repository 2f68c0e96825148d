/**
 * @module test/http/keys
 * A real Ed25519 key pair made for the test run, and a signer that signs like Discord does.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'

/** A generated key pair: the public key as Discord shows it (hex) and a signer. */
export interface TestKeys {
  publicKeyHex: string
  privateKey: KeyObject
  /** Headers for `body` signed at `timestampSeconds` (now by default). */
  sign: (
    body: string | Uint8Array,
    timestampSeconds?: number
  ) => Record<string, string>
}

/**
 * Generate an Ed25519 key pair and a Discord-style signer.
 * @returns The keys and the signer.
 */
export function makeKeys(): TestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const jwk = publicKey.export({ format: 'jwk' })
  if (typeof jwk.x !== 'string') throw new Error('test: Ed25519 JWK has no x')
  const publicKeyHex = Buffer.from(jwk.x, 'base64url').toString('hex')
  return {
    publicKeyHex,
    privateKey,
    sign: (body, timestampSeconds = Math.floor(Date.now() / 1000)) => {
      const timestamp = String(timestampSeconds)
      const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body
      const signature = sign(
        null,
        Buffer.concat([Buffer.from(timestamp), bytes]),
        privateKey
      )
      return {
        'x-signature-ed25519': signature.toString('hex'),
        'x-signature-timestamp': timestamp
      }
    }
  }
}
