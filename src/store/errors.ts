/**
 * @module store/errors
 * The thrown messages of the store, one named formatter each (tests import the same functions).
 * The lead may move these into `src/errors.ts`; until then they live beside the store.
 */

/**
 * The database file could not be opened or migrated.
 * @param path The database file.
 * @param cause What SQLite said.
 * @returns The message.
 */
export function STORE_UNAVAILABLE(path: string, cause: string): string {
  return `store: cannot open \`${path}\`: ${cause}; check the path (\`--db\`, \`REMEDY_DB\`) and that the disk is writable`
}

/**
 * The database was written by a newer Remedy.
 * @param path The database file.
 * @param found The schema version in the file.
 * @param expected The newest version this build knows.
 * @returns The message.
 */
export function STORE_TOO_NEW(
  path: string,
  found: number,
  expected: number
): string {
  return `store: \`${path}\` has schema version ${found}, expected at most ${expected}; upgrade Remedy or point \`REMEDY_DB\` elsewhere`
}

/**
 * A `--since` value that is neither a duration nor a date.
 * @param value What was given.
 * @returns The message.
 */
export function INVALID_SINCE(value: string): string {
  return `store: cannot read \`--since ${value}\`, expected a duration such as \`30d\`, \`12h\`, \`2w\` or a date such as \`2025-01-31\``
}

/**
 * A retention period that is not a whole number of days.
 * @param value What was given.
 * @returns The message.
 */
export function INVALID_RETENTION(value: string): string {
  return `store: cannot read retention \`${value}\`, expected a whole number of days (0 keeps no logs)`
}

/**
 * A feedback vote the store does not know.
 * @param value What was given.
 * @returns The message.
 */
export function INVALID_VOTE(value: string): string {
  return `store: unexpected vote \`${value}\`, expected \`fixed\` or \`not-helped\``
}

/**
 * The one warning logged when the store stops recording (full disk, read-only file, lock held too long).
 * @param location The database file.
 * @param cause What SQLite said, with its code.
 * @returns The message.
 */
export function STORE_NOT_RECORDING(location: string, cause: string): string {
  return `store: cannot record to \`${location}\` (${cause}); answering without recording until it can write again`
}

/**
 * A report was asked for a database that does not exist yet.
 * @param path The database file.
 * @returns The message.
 */
export function STORE_MISSING(path: string): string {
  return `store: no database at \`${path}\` yet; it is created when the bot or the server records a diagnosis (set \`REMEDY_DB\` or \`--db\` to read another file)`
}
