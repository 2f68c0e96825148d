/**
 * @module errors
 * Every thrown error message of Remedy, as named formatter functions. Tests import the same
 * functions, so a reworded message changes one place.
 */

/** `DISCORD_PUBLIC_KEY` (or a test key) is not 32 bytes of hex. */
export const INVALID_PUBLIC_KEY = (value: string): string =>
  `http: cannot use public key \`${value.length > 80 ? `${value.slice(0, 80)}…` : value}\`, expected 64 hex characters (the "Public Key" of the application in the Discord Developer Portal)`
