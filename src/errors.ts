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
  `http: unexpected body (${detail}); send {"log": "<the error log>", "locale": "en"} or {"image": "<base64 screenshot>"}`

/** `POST /api/diagnose` got an empty log. */
export const EMPTY_LOG = (): string =>
  'http: the log is empty; paste the error output, or send a file in the `file` field'

/** A body type the endpoint does not read. */
export const UNSUPPORTED_MEDIA_TYPE = (type: string): string =>
  `http: cannot read a \`${type}\` body, expected application/json, text/plain or multipart/form-data`

/** A locale that is not a language tag. */
export const INVALID_LOCALE = (value: string): string =>
  `http: unexpected locale \`${value.slice(0, 40)}\`, expected a language tag such as \`en\` or \`zh-CN\``

/** A compiled KB holds a clue of a kind the matcher was not given (a tool added a kind to the schema only). */
export const UNKNOWN_CLUE_KIND = (kind: string, article: string): string =>
  `match: cannot evaluate clue kind \`${kind}\` of \`${article}\`, expected a kind of the matcher's registry; pass it in \`clueKinds\``

/** A body over the configured limit. */
export const BODY_TOO_LARGE = (limitBytes: number): string =>
  `http: the body is over ${limitBytes} bytes; send the part of the log around the error`

/** A route that does not exist. */
export const ROUTE_NOT_FOUND = (method: string, path: string): string =>
  `http: no route for ${method} ${path.slice(0, 200)}`

/** `GET /api/stats` on a server without a store, or with one that cannot be read. */
export const STATS_UNAVAILABLE = (): string =>
  'http: no stats here: this server records no diagnoses (its store is off or cannot be read); check REMEDY_DB'

/** An article id that is not in the KB. */
export const UNKNOWN_ARTICLE = (id: string): string =>
  `http: no article \`${id.slice(0, 100)}\`; list them with GET /api/articles`

/** An error the server did not expect (the cause is logged, not sent). */
export const INTERNAL_ERROR = (): string =>
  'http: internal error; the server log has the cause'

// ---------------------------------------------------------------------------------------------
// Configuration and Discord (issue 4: src/config.ts, src/discord/**). Append-only section.
// ---------------------------------------------------------------------------------------------

/** Keys an entry point needs are not set. */
export const CONFIG_MISSING = (keys: readonly string[]): string =>
  `config: missing ${keys.map((key) => `\`${key}\``).join(', ')}; set ${keys.length === 1 ? 'it' : 'them'} in the environment or in \`.env\` (see docs/discord.md)`

/** Values that do not parse. */
export const CONFIG_INVALID = (
  issues: readonly { key: string; expected: string; actual: unknown }[]
): string =>
  `config: ${issues
    .map(
      ({ key, expected, actual }) =>
        `\`${key}\` is ${actual === undefined ? 'not set' : `\`${JSON.stringify(actual).slice(0, 80)}\``}, expected ${expected}`
    )
    .join('; ')}`

/** Two commands in the Discord registry share a name. */
export const DUPLICATE_COMMAND = (name: string): string =>
  `discord: command \`${name}\` is registered twice in src/interactions/commands/index.ts, expected each name once`

/** A `custom_id` came out longer than Discord accepts. */
export const CUSTOM_ID_TOO_LONG = (customId: string): string =>
  `discord: custom_id \`${customId.slice(0, 40)}…\` has ${customId.length} characters, expected at most 100`

/** The bot could not log in. */
export const GATEWAY_LOGIN_FAILED = (cause: string): string =>
  `discord: cannot connect to the gateway: ${cause}; check \`DISCORD_TOKEN\` and \`DISCORD_API_BASE\``

/** Discord refused a privileged intent (close code 4014): watch mode needs the Message Content intent. */
export const GATEWAY_INTENTS_DISALLOWED = (): string =>
  `discord: Discord refused the Message Content intent (close code 4014 "Disallowed intent(s)"), which watch mode needs; enable "Message Content Intent" on the Bot page of the Developer Portal (https://discord.com/developers/applications), or unset \`WATCH_CHANNELS\` to run without watch mode`

/** The KB at start has fatal lint findings. */
export const KB_NOT_LOADABLE = (dir: string, count: number): string =>
  `discord: the knowledge base in \`${dir}\` has ${count} fatal finding${count === 1 ? '' : 's'}; run \`remedy lint\``

// Knowledge base and engine (`src/kb`, `src/match`, `remedy` CLI).

/** The KB folder does not exist or is not a folder. */
export const KB_NOT_FOUND = (dir: string): string =>
  `kb: cannot read knowledge base folder \`${dir}\`; pass --kb DIR or set KB_DIR to the folder that holds the collections (e.g. kb/)`

/** `KB_DIR` (or `--kb`) names an index file that cannot be read. */
export const KB_INDEX_UNREADABLE = (path: string, reason: string): string =>
  `kb: cannot read the index \`${path}\` (${reason}); build it with \`remedy build --out FILE.json\`, or point KB_DIR at the KB folder`

/** A compiled index of another format version. */
export const KB_FORMAT_MISMATCH = (found: unknown, expected: number): string =>
  `kb: cannot load index built with format ${String(found)}, expected ${expected}; run \`remedy lint\` to rebuild it from the Markdown`

/** A file given to the CLI cannot be read. */
export const FILE_UNREADABLE = (file: string, reason: string): string =>
  `cli: cannot read \`${file}\` (${reason}); pass a readable file, or - for standard input`

/** `remedy diagnose` got an empty or white-space-only log (the HTTP API answers 400 to the same). */
export const LOG_EMPTY = (file: string): string =>
  `cli: the log is empty (${file === '-' ? 'standard input' : `\`${file}\``} holds nothing or only white space); pass the file that holds the error output, or pipe it in with -`

/** `remedy import` would overwrite an article. */
export const IMPORT_EXISTS = (path: string): string =>
  `cli: \`${path}\` already exists; name the draft with --id, or pass --force to replace it`

/** `remedy import` got a file that is not text (NUL bytes, or not UTF-8). */
export const IMPORT_NOT_TEXT = (file: string): string =>
  `cli: cannot import \`${file}\`: it is not a text file; export the write-up as Markdown or plain text`

/** `remedy import --id` with several write-ups. */
export const IMPORT_ID_FOR_MANY = (count: number): string =>
  `cli: cannot give ${count} write-ups one --id; leave --id out (each draft gets its own) or import them one at a time`

/** `remedy import` would write into a KB index file instead of a folder. */
export const IMPORT_INTO_INDEX = (path: string): string =>
  `cli: cannot write drafts into the index \`${path}\`; pass --out with the KB folder (e.g. --out kb)`

/** `remedy import` got an empty file. */
export const IMPORT_EMPTY = (file: string): string =>
  `cli: cannot import \`${file}\`: it is empty; give the file that holds the write-up`

/** `remedy import` got a file too large to be a write-up. */
export const IMPORT_TOO_LARGE = (file: string, limitBytes: number): string =>
  `cli: cannot import \`${file}\`: it is over ${limitBytes} bytes, expected a write-up (a log goes to \`remedy diagnose\`)`

/** `--id` or `--collection` that cannot be a file name in the KB. */
export const INVALID_KEBAB_OPTION = (option: string, value: string): string =>
  `cli: unexpected ${option} \`${value.slice(0, 60)}\`, expected a kebab-case name such as \`zenoh-multicast-bind-failed\``

/** `--locale` that is not a language tag. */
export const INVALID_LOCALE_OPTION = (value: string): string =>
  `cli: unexpected --locale \`${value.slice(0, 40)}\`, expected a language tag such as \`en\` or \`zh-CN\``

/** A JSONL line of `remedy eval` is not a case. */
export const EVAL_BAD_LINE = (
  file: string,
  line: number,
  reason: string
): string =>
  `${file}:${line}: unexpected case (${reason}), expected a JSON object with string fields \`id\` and \`log\``

/** A byte count that is not one (`--max-bytes`, `MAX_LOG_BYTES`). */
export const INVALID_BYTES_OPTION = (value: string): string =>
  `cli: unexpected byte count \`${value.slice(0, 40)}\`, expected a whole number from 1024 to 67108864`

/** An unknown `--top` or numeric option. */
export const INVALID_NUMBER_OPTION = (option: string, value: string): string =>
  `cli: unexpected ${option} \`${value}\`, expected a whole number from 1 to 50`

/** The most shards `remedy bot` runs in its one process. */
export const MAX_SHARDS = 64

/** `remedy bot --shards` that is neither `auto` nor a shard count. */
export const INVALID_SHARDS_OPTION = (value: string): string =>
  `cli: unexpected --shards \`${value.slice(0, 40)}\`, expected \`auto\` or a whole number from 1 to ${MAX_SHARDS}`

// HTTP interactions endpoint (issue 5: src/http/interactions.ts).

/** A handler sent a second initial response to an interaction the endpoint already answered. */
export const INTERACTION_ALREADY_ANSWERED = (type: number): string =>
  `http: interaction response type ${type} after the first response was sent, expected editReply or followUp`

/** A request on /interactions that verified but is not an interaction. */
export const INVALID_INTERACTION = (detail: string): string =>
  `http: unexpected interaction payload (${detail}), expected Discord's interaction object`

/** A diagnosis ran over its time limit in the worker pool (the worker is replaced). */
export const DIAGNOSIS_TIMEOUT = (ms: number): string =>
  `http: the diagnosis took longer than ${ms} ms and was stopped; send the part of the log around the error`

/** Every diagnosis worker is busy and the queue is full. */
export const DIAGNOSIS_BUSY = (): string =>
  'http: too many diagnoses at once; try again in a moment'

/** A diagnosis worker stopped while it held a request. */
export const DIAGNOSIS_WORKER_EXITED = (code: number): string =>
  `http: a diagnosis worker stopped with exit code ${code}; it was replaced`

/** `POST /interactions` with a bad, missing or stale signature (401; Discord checks for it). */
export const INVALID_SIGNATURE = (): string => 'http: invalid request signature'

// ---------------------------------------------------------------------------------------------
// Screenshots (issue 17: src/ocr/**). Append-only section.
// ---------------------------------------------------------------------------------------------

/** Bytes that are no PNG, JPEG or WebP image. */
export const IMAGE_UNKNOWN_FORMAT = (): string =>
  'ocr: cannot read this file as an image, expected a PNG, JPEG or WebP screenshot; or paste the error text instead'

/** An image file over the byte limit. */
export const IMAGE_TOO_LARGE = (bytes: number, limitBytes: number): string =>
  `ocr: the image is ${bytes} bytes, over the limit of ${limitBytes}; crop the screenshot to the error, or paste the error text instead`

/** An image whose header declares more pixels than allowed (a decompression bomb is refused before decoding). */
export const IMAGE_TOO_MANY_PIXELS = (
  width: number,
  height: number,
  limitPixels: number
): string =>
  `ocr: the image is ${width}×${height} pixels, over the limit of ${limitPixels}; crop the screenshot to the error, or paste the error text instead`

/** An image that claims a format but whose header or data cannot be decoded. */
export const IMAGE_UNREADABLE = (detail: string): string =>
  `ocr: cannot decode the image (${detail.slice(0, 120)}); send a PNG, JPEG or WebP screenshot, or paste the error text instead`

/** Reading the text of an image took longer than its budget. */
export const IMAGE_TIMEOUT = (ms: number): string =>
  `ocr: reading the image took longer than ${ms} ms; crop the screenshot to the error, or paste the error text instead`

/** The OCR engine was closed, or its worker failed. */
export const OCR_UNAVAILABLE = (detail: string): string =>
  `ocr: the text reader is not available (${detail.slice(0, 120)}); paste the error text instead`

/** An image that holds no text the reader could find. */
export const IMAGE_NO_TEXT = (): string =>
  'ocr: found no readable text in the image; paste the error text instead, or send a sharper screenshot'
