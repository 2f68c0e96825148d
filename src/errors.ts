/**
 * @module errors
 * Every thrown error message of Remedy, as named formatter functions. Tests import the same
 * functions, so a reworded message changes one place.
 */

/** `DISCORD_PUBLIC_KEY` (or a test key) is not 32 bytes of hex. */
export const INVALID_PUBLIC_KEY = (value: string): string =>
  `http: cannot use public key \`${value.length > 80 ? `${value.slice(0, 80)}…` : value}\`, expected 64 hex characters (the "Public Key" of the application in the Discord Developer Portal)`

// HTTP API answers (`remedy serve`): the `error` field of a JSON error body.

/** `POST /api/diagnose` got JSON that does not parse. */
export const MALFORMED_JSON = (detail: string): string =>
  `http: malformed JSON body (${detail}); send {"log": "<the error log>", "locale": "en"}`

/** `POST /api/diagnose` got JSON of the wrong shape. */
export const INVALID_DIAGNOSE_BODY = (detail: string): string =>
  `http: unexpected body (${detail}); send {"log": "<the error log>", "locale": "en"}`

/** `POST /api/diagnose` got an empty log. */
export const EMPTY_LOG = (): string =>
  'http: the log is empty; paste the error output, or send a file in the `file` field'

/** A body type the endpoint does not read. */
export const UNSUPPORTED_MEDIA_TYPE = (type: string): string =>
  `http: cannot read a \`${type}\` body, expected application/json, text/plain or multipart/form-data`

/** A locale that is not a language tag. */
export const INVALID_LOCALE = (value: string): string =>
  `http: unexpected locale \`${value.slice(0, 40)}\`, expected a language tag such as \`en\` or \`zh-CN\``

/** A body over the configured limit. */
export const BODY_TOO_LARGE = (limitBytes: number): string =>
  `http: the body is over ${limitBytes} bytes; send the part of the log around the error`

/** A route that does not exist. */
export const ROUTE_NOT_FOUND = (method: string, path: string): string =>
  `http: no route for ${method} ${path.slice(0, 200)}`

/** An article id that is not in the KB. */
export const UNKNOWN_ARTICLE = (id: string): string =>
  `http: no article \`${id.slice(0, 100)}\`; list them with GET /api/articles`

/** An error the server did not expect (the cause is logged, not sent). */
export const INTERNAL_ERROR = (): string => 'http: internal error; the server log has the cause'
