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
  return pino(options, destination ?? logDestination(2))
}

/**
 * A log destination that does not block the event loop: lines are written as soon as the previous
 * write is done, and lines that arrive meanwhile go out together (a busy server makes one write
 * for many access-log lines instead of one each). Whatever is buffered is flushed when the process
 * exits.
 * @param dest A file descriptor or a path.
 * @returns The stream.
 */
export function logDestination(dest: number | string): DestinationStream {
  return pino.destination({ dest, sync: false, minLength: 0 })
}
