/**
 * @module store/identity
 * Ids for diagnoses and the salted hash that stands in for a user id.
 */
import { createHmac, randomBytes } from 'node:crypto'

/**
 * A new diagnosis id: short enough for a Discord `custom_id`, unguessable, URL-safe.
 * @returns 16 characters of base64url.
 */
export function newDiagnosisId(): string {
  return randomBytes(12).toString('base64url')
}

/**
 * A new random salt, stored once in the database when `REMEDY_SALT` is not set.
 * @returns 64 hex characters.
 */
export function newSalt(): string {
  return randomBytes(32).toString('hex')
}

/**
 * Hash a user id with the salt, so that votes can be de-duplicated and `forget` can find a user
 * without the database holding the id.
 * @param salt The store's salt.
 * @param userId A Discord user id.
 * @returns 32 hex characters of HMAC-SHA-256.
 */
export function hashUser(salt: string, userId: string): string {
  return createHmac('sha256', salt).update(userId).digest('hex').slice(0, 32)
}
