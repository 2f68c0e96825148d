/**
 * @module log
 * The pino logger factory: structured JSON logs on stderr (stdout stays free for command output).
 */
import { pino } from 'pino'
import type { DestinationStream, Logger } from 'pino'

export type { Logger } from 'pino'

/**
 * Create the process logger.
 * @param level A pino level (`info`, `debug`, `silent` …).
 * @param destination Where to write (stderr by default; tests pass a memory stream).
 * @returns The logger.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream
): Logger {
  const options = { name: 'remedy', level, base: { pid: undefined } }
  return destination === undefined
    ? pino(options, pino.destination(2))
    : pino(options, destination)
}
