/**
 * @module scripts/dora-inventory
 * Build the inventory of dora's user-facing messages (`kb/dora/_messages.json`) from a bare git
 * mirror of dora-rs/dora, reading its Rust sources at two revisions as data (nothing is built or run).
 *
 * ```sh
 * npx tsx scripts/dora-inventory.ts --git-dir /work/.mirror/dora-rs+dora/repo \
 *   --old v0.3.13 --new main [--out kb/dora/_messages.json]
 * ```
 *
 * Each message is a format string (placeholders normalised to `{}`), its kind (`bail`, `eyre`,
 * `wrap_err`, `context`, `warn`, `error`, `panic`, `expect`, `print`, `display` for `write!` in `Display` impls, `format` for
 * error texts built with `format!(…)` in the binaries, `info` for `info!`, `log` for the messages the
 * daemon sends to the node logs with `LogLevel::{Error,Warn,Info}`), where it is at each revision,
 * and the reviewed mapping: `article` (the article that explains it) or `reason` (why none does).
 * The mapping is the reviewed table `MAPPING` below; edit it, not the JSON, and run the script again.
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { REASONS } from './dora-inventory-reasons.ts'

/** The crates whose messages a user can meet (issue 19). */
const ROOTS = [
  'binaries/cli',
  'binaries/daemon',
  'binaries/coordinator',
  'binaries/runtime',
  'apis/rust/node',
  'apis/python/node',
  'libraries/core',
  'libraries/message'
]

/** A macro or method whose first string literal is a message, with the kind it is filed under. */
const SITES: { kind: Kind; pattern: RegExp }[] = [
  { kind: 'bail', pattern: /\bbail!\s*\(\s*/g },
  { kind: 'eyre', pattern: /\beyre!\s*\(\s*/g },
  { kind: 'eyre', pattern: /\bReport::msg\(\s*(?:format!\(\s*)?/g },
  {
    kind: 'wrap_err',
    pattern:
      /\.wrap_err(?:_with)?\(\s*(?:(?:move\s*)?\|\|\s*(?:\{\s*)?)?(?:format!\(\s*)?/g
  },
  {
    kind: 'context',
    pattern:
      /\.(?:with_)?context\(\s*(?:(?:move\s*)?\|\|\s*(?:\{\s*)?)?(?:format!\(\s*)?/g
  },
  {
    kind: 'warn',
    pattern: /\b(?:tracing::)?warn!\s*\(\s*(?:[a-z_.]+\s*[=%?]\s*[^,]+,\s*)*/g
  },
  {
    kind: 'error',
    pattern: /\b(?:tracing::)?error!\s*\(\s*(?:[a-z_.]+\s*[=%?]\s*[^,]+,\s*)*/g
  },
  {
    kind: 'panic',
    pattern: /\b(?:panic|unreachable|unimplemented|todo)!\s*\(\s*/g
  },
  { kind: 'expect', pattern: /\.expect\(\s*(?:&format!\(\s*)?/g },
  { kind: 'print', pattern: /\be?println!\s*\(\s*/g },
  { kind: 'format', pattern: /\bformat!\s*\(\s*/g },
  {
    kind: 'info',
    pattern: /\b(?:tracing::)?info!\s*\(\s*(?:[a-z_.]+\s*[=%?]\s*[^,]+,\s*)*/g
  },
  { kind: 'log', pattern: /\bLogLevel::(?:Error|Warn|Info)\s*,/g },
  { kind: 'display', pattern: /\bwrite(?:ln)?!\s*\(\s*\w+\s*,\s*/g }
]

type Kind =
  | 'bail'
  | 'eyre'
  | 'wrap_err'
  | 'context'
  | 'warn'
  | 'error'
  | 'panic'
  | 'expect'
  | 'print'
  | 'display'
  | 'format'
  | 'info'
  | 'log'

/** Where a message is at one revision. */
interface Location {
  version: string
  file: string
  line: number
}

/** One message of the inventory. */
interface Message {
  /** Stable key: kind and normalised text. */
  id: string
  kind: Kind
  /** The format string, placeholders normalised to `{}`, escapes resolved, whitespace collapsed. */
  text: string
  versions: string[]
  locations: Location[]
  /** The article that explains it (reviewed), or … */
  article?: string
  /** … why none does. */
  reason?: string
}

/** The inventory file. */
interface Inventory {
  $comment: string
  repository: string
  revisions: { name: string; commit: string; version: string }[]
  messages: Message[]
}

const { values } = parseArgs({
  options: {
    'git-dir': { type: 'string' },
    old: { type: 'string', default: 'v0.3.13' },
    new: { type: 'string', default: 'main' },
    out: { type: 'string', default: 'kb/dora/_messages.json' }
  }
})
const gitDir = values['git-dir']
if (gitDir === undefined) {
  process.stderr.write(
    'usage: tsx scripts/dora-inventory.ts --git-dir DIR [--old REV] [--new REV] [--out FILE]\n'
  )
  process.exit(2)
}

function git(...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir ?? '', ...args], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024
  })
}

/** Read one Rust string literal (normal or raw) at `start`; returns its value and end, or undefined. */
function readLiteral(
  source: string,
  start: number
): { value: string; end: number } | undefined {
  const raw = /^r(#*)"/.exec(source.slice(start, start + 10))
  if (raw) {
    const close = `"${raw[1] ?? ''}`
    const from = start + raw[0].length
    const end = source.indexOf(close, from)
    if (end < 0) return undefined
    return { value: source.slice(from, end), end: end + close.length }
  }
  if (source[start] !== '"') return undefined
  let value = ''
  let i = start + 1
  while (i < source.length) {
    const c = source[i]
    if (c === '"') return { value, end: i + 1 }
    if (c === '\\') {
      const next = source[i + 1]
      if (next === '\n') {
        // Line continuation: the newline and the next line's leading whitespace are dropped.
        i += 2
        while (i < source.length && /\s/.test(source[i] ?? '')) i++
        continue
      }
      value += next === 'n' ? '\n' : next === 't' ? '\t' : (next ?? '')
      i += 2
      continue
    }
    value += c
    i++
  }
  return undefined
}

/** Normalise a format string: placeholders to `{}`, `{{`/`}}` to braces, whitespace collapsed. */
export function normalise(format: string): string {
  return format
    .replace(/\{\{/g, '\u0001')
    .replace(/\}\}/g, '\u0002')
    .replace(/\{[^{}]*\}/g, '{}')
    .replace(/\u0001/g, '{')
    .replace(/\u0002/g, '}')
    .replace(/\s+/g, ' ')
    .trim()
}

/** Prints of the CLI that are errors or warnings (the rest is ordinary output). */
const PRINT_ERROR =
  /\b(?:error|failed|fail|cannot|can't|could not|couldn't|unable|not found|not reachable|not connected|invalid|warning|no \w+ (?:is |are )?running|not running|missing|refus|denied|timed out|timeout)\b/i

function isTestPath(path: string): boolean {
  return (
    /(?:^|\/)(?:tests?|benches|examples)\//.test(path) ||
    /_test\.rs$/.test(path)
  )
}

/** The message of a `logger.log(LogLevel::X, …, "message")` call: its first literal with a space. */
function logLiteral(
  source: string,
  start: number
): { value: string; end: number } | undefined {
  const end = source.indexOf(')\n', start)
  const stop = Math.min(end < 0 ? source.length : end, start + 400)
  for (let i = start; i < stop; i++) {
    if (source[i] !== '"') continue
    const literal = readLiteral(source, i)
    if (literal === undefined) return undefined
    if (literal.value.includes(' ')) return literal
    i = literal.end - 1
  }
  return undefined
}

/** Messages of one file. */
function scan(
  source: string,
  file: string
): { kind: Kind; text: string; line: number }[] {
  const found: { kind: Kind; text: string; line: number }[] = []
  // `#[cfg(test)] mod tests { … }` blocks are test code (braces counted, good enough for Rust).
  const skipped: [number, number][] = []
  const testModule = /#\[cfg\(test\)\]\s*mod\s+\w+\s*\{/g
  let t: RegExpExecArray | null
  while ((t = testModule.exec(source)) !== null) {
    let depth = 0
    let end = source.length
    for (let i = t.index + t[0].length - 1; i < source.length; i++) {
      if (source[i] === '{') depth++
      else if (source[i] === '}' && --depth === 0) {
        end = i
        break
      }
    }
    skipped.push([t.index, end])
  }
  const inTest = (at: number): boolean =>
    skipped.some(([from, to]) => at >= from && at <= to)
  for (const { kind, pattern } of SITES) {
    if (kind === 'print' && !file.startsWith('binaries/cli/')) continue
    if (kind === 'format' && !file.startsWith('binaries/')) continue
    pattern.lastIndex = 0
    let m: RegExpExecArray | null
    while ((m = pattern.exec(source)) !== null) {
      if (inTest(m.index)) continue
      const literal =
        kind === 'log'
          ? logLiteral(source, m.index + m[0].length)
          : readLiteral(source, m.index + m[0].length)
      if (literal === undefined) continue
      const text = normalise(literal.value)
      if (text.replace(/\{\}/g, '').replace(/[^a-z]/gi, '').length < 4) continue
      if ((kind === 'print' || kind === 'format') && !PRINT_ERROR.test(text))
        continue
      const line = source.slice(0, m.index).split('\n').length
      found.push({ kind, text, line })
    }
  }
  // `wrap_err_with(|| format!(…))` is found twice; keep the wrapper's kind.
  return found.filter(
    (item) =>
      item.kind !== 'format' ||
      !found.some(
        (other) => other.kind !== 'format' && other.text === item.text
      )
  )
}

/** The version a revision builds, from the workspace Cargo.toml. */
function versionOf(rev: string): string {
  const cargo = git('show', `${rev}:Cargo.toml`)
  const m = /\[workspace\.package\][^[]*?^version\s*=\s*"([^"]+)"/m.exec(cargo)
  return m?.[1] ?? rev
}

/**
 * The reviewed mapping, first match wins: a message whose text matches `pattern` (and whose kind is
 * in `kinds`, when given) is explained by `article`, or has no article for `reason`. Each article row
 * was checked by rendering the message as dora prints it and reading the article; the reasons are
 * the honest kind of the rest.
 */
const MAPPING: {
  pattern: RegExp
  kinds?: Kind[]
  article?: string
  reason?: string
}[] = [
  // Panics are bugs whatever they say.
  { kinds: ['panic', 'expect'], pattern: /./, reason: REASONS.invariant },
  // Articles, most specific first.
  {
    pattern: /daemon not connected after/,
    article: 'daemon-not-connected-after-up'
  },
  { pattern: /Shell nodes are disabled/, article: 'shell-nodes-disabled' },
  {
    pattern: /positional node argument .* is no longer supported/,
    article: 'dora-logs-node-argument'
  },
  {
    pattern: /^failed to run `\{\}` with args/,
    article: 'node-executable-cannot-run'
  },
  {
    pattern:
      /^no dataflows are running|^no dataflow with name `\{\}` is running/i,
    article: 'no-dataflows-running'
  },
  {
    pattern:
      /failed to read zenoh config|zenoh config overlay|^overlay must be a JSON5 object|replaces the whole zenoh configuration/,
    article: 'zenoh-config-invalid'
  },
  {
    pattern: /authentication failed connecting to coordinator/,
    article: 'coordinator-auth-failed'
  },
  {
    pattern: /skipping env expansion/,
    article: 'node-path-env-expansion-skipped'
  },
  {
    pattern:
      /changed since the last `dora build`|this dataflow uses `hub:` nodes — run `dora build` first/,
    article: 'dataflow-changed-since-build'
  },
  {
    pattern: /there is already a running dataflow with (?:name|ID)/,
    article: 'dataflow-already-running'
  },
  {
    pattern: /^(?:catch-up: )?node `\{\}` (?:not connected|channel closed)\b/,
    article: 'node-not-connected'
  },
  {
    pattern: /^(?:catch-up: )?node `\{\}` channel full\b/,
    article: 'node-control-channel-full'
  },
  {
    pattern: /failed to serialize param value/,
    article: 'param-value-not-serializable'
  },
  {
    pattern:
      /failed to infer JSON schema|Arrow IPC stream contained no record batches/,
    article: 'topic-data-not-arrow'
  },
  {
    pattern: /^zenoh (?:SHM )?publish failed/,
    article: 'zenoh-publish-failed'
  },
  {
    pattern:
      /coordinator heartbeat timeout|lost connection to coordinator|^daemon disconnected from coordinator|^coordinator unreachable after|^failed to reconnect to coordinator/,
    article: 'daemon-lost-coordinator-connection'
  },
  {
    pattern: /killed by dora because it didn't react to a stop message/,
    article: 'node-killed-stop-timeout'
  },
  // The daemon's own log line for the same kill (the node ignored the stop for the grace period).
  {
    pattern: /was killed due to not stopping within the .* grace period/,
    article: 'node-killed-stop-timeout'
  },
  {
    pattern:
      /^Discarding event for input|hit hard cap|^event channel full, dropping data event/,
    article: 'input-queue-dropping-messages'
  },
  {
    pattern: /^coordinator rejected CLI/,
    article: 'cli-node-api-version-mismatch'
  },
  {
    pattern: /^unexpected (?:[\w-]+ ){0,3}reply\b/i,
    kinds: ['bail', 'eyre', 'wrap_err', 'context', 'warn', 'error'],
    article: 'cli-node-api-version-mismatch'
  },
  {
    pattern:
      /^Could not connect to the daemon|failed to request node config from daemon|failed to register node with dora-daemon|Could not setup node from node id|^failed to open TCP connection/,
    article: 'dynamic-node-cannot-connect'
  },
  {
    pattern:
      /Could not initiate node from environment variable|DORA_NODE_CONFIG must be set/,
    article: 'node-started-outside-dataflow'
  },
  {
    pattern:
      /(?:could not|failed to) connect to (?:the )?dora[- ]coordinator|^(?:cannot|could not|failed to) connect to coordinator at|^Could not connect to WS at|^Could not connect to: \{\}, with error|^Coordinator: (?:not reachable at|Not running)/i,
    article: 'coordinator-not-reachable'
  },
  {
    pattern:
      /^Could not find source path|^no node exists at|^could not find `\{\}` in the node's working directory/,
    article: 'node-path-not-found'
  },
  {
    pattern: /no running dataflow with ID|No running dataflow found with UUID/,
    article: 'no-running-dataflow-race'
  },
  {
    pattern:
      /no matching daemon(?: connections)? for machine|no unnamed daemon connections|^no daemon matches labels/,
    article: 'no-daemon-connected'
  },
  {
    pattern:
      /mapped to input `\{\}` does not exist|^failed to read dataflow (?:descriptor|at `\{\}`(?: hint|$))/,
    article: 'dataflow-yaml-invalid'
  },
  // The build command itself failing, as the CLI reports it.
  {
    pattern: /^build command `\{\}` returned \{\}$/,
    article: 'node-build-command-failed'
  },
  {
    pattern: /^failed to build node `\{\}`/,
    article: 'node-build-command-failed'
  },
  {
    pattern:
      /managed Python env preparation failed|needs a managed env under `--uv`/,
    article: 'uv-managed-env'
  },
  {
    pattern:
      /Daemon listen port already in use|^failed to start WS server|^timed out waiting for coordinator to start at|^failed to create local TCP listener|^failed to listen for control messages/,
    article: 'port-already-in-use'
  },
  {
    pattern: /failed to open zenoh session, retrying with default config/,
    article: 'zenoh-multicast-bind-failed'
  },
  {
    pattern: /disabling multicast on macos/,
    article: 'zenoh-no-multicast-peer-discovery'
  },
  {
    pattern: /^failed to (?:allocate shared memory|map shared memory input)/,
    article: 'shared-memory-too-many-open-files'
  },
  {
    pattern: /^failed to send (?:reply to node|\w+ reply)/,
    article: 'daemon-reply-to-exited-node'
  },
  {
    pattern: /^Dora Runtime raised an error/,
    article: 'python-operator-raised-error'
  },
  {
    pattern:
      /exited before initializing dora|as cascading error caused by|exited before connecting to dora/,
    article: 'node-exited-before-init'
  },
  // No article, by kind.
  {
    pattern: /\b(?:bug|should not happen|invariant)\b/i,
    reason: REASONS.invariant
  },
  { pattern: /\bhint:/, reason: REASONS.hint },
  {
    pattern:
      /\b(?:serializ|deserializ|channel|sender|receiver|drop tokens?|HLC|oneshot|join handle|task|reply|event stream|send \w+ message|to send|to receive)/i,
    reason: REASONS.plumbing
  },
  {
    kinds: ['wrap_err', 'context'],
    pattern: /^(?:failed to|could not|error (?:in|while))\b.{0,40}$/i,
    reason: REASONS.wrapper
  },
  {
    kinds: ['warn', 'info', 'log', 'print', 'display', 'format'],
    pattern: /./,
    reason: REASONS.info
  }
]

function classify(
  message: Pick<Message, 'kind' | 'text'>
): Pick<Message, 'article' | 'reason'> {
  for (const rule of MAPPING) {
    if (rule.kinds !== undefined && !rule.kinds.includes(message.kind)) continue
    if (!rule.pattern.test(message.text)) continue
    return rule.article !== undefined
      ? { article: rule.article }
      : { reason: rule.reason ?? REASONS.uncovered }
  }
  return { reason: REASONS.uncovered }
}

const byId = new Map<string, Message>()
const revisions: Inventory['revisions'] = []
for (const rev of [values.old, values.new]) {
  const commit = git('rev-parse', '--short=9', `${rev}^{commit}`).trim()
  const version = versionOf(rev)
  revisions.push({ name: rev, commit, version })
  const files = git('ls-tree', '-r', '--name-only', rev, '--', ...ROOTS)
    .split('\n')
    .filter((path) => path.endsWith('.rs') && !isTestPath(path))
  for (const file of files) {
    const source = git('show', `${rev}:${file}`)
    for (const { kind, text, line } of scan(source, file)) {
      const id = `${kind}:${text}`
      let message = byId.get(id)
      if (!message) {
        message = { id, kind, text, versions: [], locations: [] }
        byId.set(id, message)
      }
      if (!message.versions.includes(version)) message.versions.push(version)
      message.locations.push({ version, file, line })
    }
  }
}

const messages = [...byId.values()]
  .sort((a, b) => a.id.localeCompare(b.id))
  .map((message): Message => ({ ...message, ...classify(message) }))

const inventory: Inventory = {
  $comment:
    'Generated by scripts/dora-inventory.ts from dora-rs/dora; the article/reason mapping comes from the reviewed table in that script. Not read by the KB loader (only *.md files are articles).',
  repository: 'https://github.com/dora-rs/dora',
  revisions,
  messages
}
writeFileSync(values.out, `${JSON.stringify(inventory, null, 1)}\n`)
const counts = new Map<string, number>()
for (const message of messages)
  counts.set(message.kind, (counts.get(message.kind) ?? 0) + 1)
process.stdout.write(
  `${messages.length} messages (${[...counts].map(([k, n]) => `${k} ${n}`).join(', ')}) → ${values.out}\n`
)
