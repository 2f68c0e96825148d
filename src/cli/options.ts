/**
 * @module cli/options
 * Parsing of shared CLI option values.
 */
import {
  INVALID_BYTES_OPTION,
  INVALID_NUMBER_OPTION,
  INVALID_SHARDS_OPTION,
  MAX_SHARDS
} from '../errors.ts'

/** Parse `--top`: a whole number from 1 to 50. */
export function parseTop(value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1 || number > 50)
    throw new Error(INVALID_NUMBER_OPTION('--top', value))
  return number
}

/** Parse a byte count (`--max-bytes`, `MAX_LOG_BYTES`): a whole number from 1,024 to 64 MiB. */
export function parseBytes(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1024 || number > 64 * 1024 * 1024)
    throw new Error(INVALID_BYTES_OPTION(value))
  return number
}

/**
 * Parse `remedy bot --shards`: `auto` (Discord's recommended count, from `GET /gateway/bot`) or a
 * whole number of shards from 1 to {@link MAX_SHARDS}.
 * @param value The option's text; undefined when the option was not given.
 * @returns `auto`, a shard count, or undefined (one shard, the default).
 * @throws With {@link INVALID_SHARDS_OPTION} for anything else.
 */
export function parseShards(
  value: string | undefined
): 'auto' | number | undefined {
  if (value === undefined) return undefined
  if (value.trim().toLowerCase() === 'auto') return 'auto'
  const number = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN
  if (!Number.isInteger(number) || number < 1 || number > MAX_SHARDS)
    throw new Error(INVALID_SHARDS_OPTION(value))
  return number
}
