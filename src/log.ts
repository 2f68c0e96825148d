/**
 * @module log
 * The pino logger factory: structured JSON logs on stderr (stdout stays free for command output),
 * written in batches so that a busy server's access log costs its event loop little more than the
 * formatting of each line.
 */
import { pino } from 'pino'
import type { DestinationStream, Logger } from 'pino'

export type { Logger } from 'pino'

/**
 * Create the process logger.
 * @param level A pino level (`info`, `debug`, `silent` …).
 * @param destination Where to write (stderr through {@link logDestination} by default; tests pass
 *   a memory stream).
 * @returns The logger.
 */
export function createLogger(
  level: string,
  destination?: DestinationStream
): Logger {
  const options = { name: 'remedy', level, base: { pid: undefined } }
  return pino(options, destination ?? logDestination(2))
}

/** Bytes of log lines gathered before a write, and the longest a line waits for the others. */
const BATCH_BYTES = 4096
const BATCH_MS = 250

/**
 * A log destination that does not block the event loop and makes few system calls: lines are
 * gathered up to {@link BATCH_BYTES} (or {@link BATCH_MS}, whichever comes first) and written
 * asynchronously in one call. Under the HTTP load bench a write per access-log line took about a
 * tenth of the main thread, even asynchronously; a pino transport thread cost as much, in waking
 * the thread for each line. Whatever is buffered is flushed when the process exits.
 * @param dest A file descriptor or a path.
 * @returns The stream.
 */
export function logDestination(dest: number | string): DestinationStream {
  return pino.destination({
    dest,
    sync: false,
    minLength: BATCH_BYTES,
    periodicFlush: BATCH_MS
  })
}
