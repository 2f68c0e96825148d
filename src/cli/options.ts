/**
 * @module cli/options
 * Parsing of shared CLI option values.
 */
import { INVALID_BYTES_OPTION, INVALID_NUMBER_OPTION } from '../errors.ts'

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
