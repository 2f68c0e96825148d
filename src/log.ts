/**
 * @module log
 * The pino logger factory: structured JSON logs on stderr (stdout stays free for command output),
 * written by a worker thread so that a busy server's access log costs its event loop only the
 * formatting of each line.
 */
import { pino } from 'pino'
import type { DestinationStream, Logger } from 'pino'

export type { Logger } from 'pino'

/**
 * Create the process logger.
 * @param level A pino level (`info`, `debug`, `silent` …).
 * @param destination Where to write (stderr through {@link logTransport} by default; tests pass a
 *   memory stream).
 * @returns The logger.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream
): Logger {
  const options = { name: 'remedy', level, base: { pid: undefined } }
  if (destination !== undefined) return pino(options, destination)
  // A silent logger writes nothing: it needs no thread.
  return pino(
    options,
    level === 'silent'
      ? pino.destination({ dest: 2, sync: false })
      : logTransport(2)
  )
}

/**
 * A log destination written by a worker thread (pino's `pino/file` transport): the event loop only
 * copies each line into a shared buffer, and the thread makes the system calls. Under the HTTP load
 * bench the writes took about a tenth of the main thread when they were made on it, even
 * asynchronously. Whatever is buffered is flushed when the process exits.
 * @param dest A file descriptor or a path.
 * @returns The stream.
 */
export function logTransport(dest: number | string): DestinationStream {
  return pino.transport({ target: 'pino/file', options: { destination: dest } })
}
