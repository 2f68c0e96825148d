/**
 * @module scripts/dora-render
 * Render a message of dora's inventory (`kb/dora/_messages.json`) the way dora prints it, for
 * reviewing the inventory's mapping and for held-out checks: an eyre report as the 0.3 CLI prints
 * it (`[ERROR]`, the message, `Location:`), a tracing line of the daemon or coordinator, or a CLI print.
 */

/** What `renderMessage` needs of an inventory message. */
export interface RenderInput {
  kind: string
  text: string
  locations: { version: string; file: string; line: number }[]
}

/** Fill `{}` placeholders with plausible values, chosen by the words around them. */
export function fill(text: string): string {
  let n = 0
  return text.replace(/\{\}/g, (_match, offset: number) => {
    const before = text.slice(Math.max(0, offset - 24), offset).toLowerCase()
    const after = text.slice(offset + 2, offset + 6).toLowerCase()
    n++
    if (/^s\b/.test(after) || /\b(?:after|timeout|in)\s*$/.test(before))
      return '10'
    if (/port\W*$/.test(before)) return '53290'
    if (/(?:addr|address|at|to)\W*$/.test(before)) return '127.0.0.1:53290'
    if (/(?:path|file|at|from|read|open|dir)\W*$/.test(before))
      return '/home/user/robot/dataflow.yml'
    if (/(?:dataflow|uuid|id)\W*$/.test(before))
      return '0195d2a6-7b3c-7f41-9c3e-5d1b2a8e9f10'
    if (/(?:code|status)\W*$/.test(before)) return '1'
    return n === 1 ? 'camera' : 'image'
  })
}

/** The tracing target of a source file, e.g. `dora_daemon::spawn`. */
function target(file: string): string {
  const crate = /^binaries\/(\w+)/.exec(file)?.[1]
  const name = crate === undefined ? 'dora_node_api' : `dora_${crate}`
  const module = /src\/(?:(.+)\/)?(\w+)\.rs$/.exec(file)
  const parts = [module?.[1]?.split('/') ?? [], module?.[2] ?? '']
    .flat()
    .filter(
      (part) =>
        part !== '' && part !== 'lib' && part !== 'main' && part !== 'mod'
    )
  return [name, ...parts].join('::')
}

/** The layouts `renderMessage` can print an error-kind message in. */
export const LAYOUTS = ['cli', 'chain', 'python', 'run'] as const

/** One of `LAYOUTS`. */
export type Layout = (typeof LAYOUTS)[number]

/**
 * A log excerpt as dora prints the message.
 * @param message The inventory message.
 * @param layout For error kinds: `cli`, the 0.3 CLI's `[ERROR]` report with `Location:`; `chain`, the
 *   message as the innermost cause of a `dora start` report (1.0 forwards only the root cause, 0.3 the
 *   chain); `python`, a Python node's traceback ending in `RuntimeError: <message>`, as pyo3 raises dora's
 *   errors; `run`, the report at the end of a `dora run` log, after the daemon's ordinary INFO lines.
 * @param cause An inner cause to print under `Caused by:` for wrappers (`wrap_err`, `context`).
 */
export function renderMessage(
  message: RenderInput,
  layout: Layout = 'cli',
  cause?: string
): string {
  const where = message.locations[message.locations.length - 1]
  const file = where?.file ?? 'binaries/cli/src/main.rs'
  const text = fill(message.text)
  switch (message.kind) {
    case 'warn':
    case 'error': {
      const level = message.kind === 'warn' ? ' WARN' : 'ERROR'
      return `2026-11-02T09:14:07.512931Z ${level} ${target(file)}: ${text}\n`
    }
    case 'print':
      return `${text}\n`
    case 'panic':
    case 'expect':
      return `thread 'main' panicked at ${file}:${where?.line ?? 1}:10:\n${text}\nnote: run with \`RUST_BACKTRACE=1\` environment variable to display a backtrace\n`
    default: {
      if (layout === 'chain')
        return `$ dora start dataflow.yml --attach\n[ERROR]\nfailed to start dataflow\n\nCaused by:\n   0: failed to spawn dataflow\n   1: ${text}\n`
      if (layout === 'run')
        return [
          '$ dora run dataflow.yml',
          '2026-11-02T09:14:05.101233Z  INFO dora_daemon: starting dataflow 0195d2a6-7b3c-7f41-9c3e-5d1b2a8e9f10',
          '2026-11-02T09:14:05.220871Z  INFO dora_daemon::spawn: spawning node `camera`',
          '2026-11-02T09:14:05.412907Z  INFO dora_daemon::spawn: spawning node `image`',
          '2026-11-02T09:14:06.001455Z  INFO camera: opened /dev/video0 at 640x480',
          '',
          '[ERROR]',
          text,
          ''
        ].join('\n')
      if (layout === 'python')
        return `Traceback (most recent call last):\n  File "/home/user/robot/node.py", line 7, in <module>\n    node = Node()\nRuntimeError: ${text}\n\nLocation:\n    ${file}:${where?.line ?? 1}:10\n`
      const chain = cause === undefined ? '' : `\n\nCaused by:\n    ${cause}`
      return `[ERROR]\n${text}${chain}\n\nLocation:\n    ${file}:${where?.line ?? 1}:10\n`
    }
  }
}
