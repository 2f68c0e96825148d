/**
 * @module cli/options
 * Parsing of shared CLI option values.
 */
import { InvalidArgumentError } from 'commander'
import { INVALID_NUMBER_OPTION } from '../errors.ts'

/** Parse `--top`: a whole number from 1 to 50. */
export function parseTop(value: string): number {
  const number = Number(value)
  if (!Number.isInteger(number) || number < 1 || number > 50) throw new InvalidArgumentError(INVALID_NUMBER_OPTION('--top', value))
  return number
}
