/**
 * @module kb/captures
 * The grammar of the `{{name|default}}` placeholders in articles and the names every log can fill
 * (kb/README.md, "Captures in steps"). The loader's lint and the engine's filling share it, so what
 * lint accepts is exactly what the renderer fills.
 */

/** One placeholder: `{{name}}` or `{{name|default}}` (the source of a regex; use with `gi`). */
export const PLACEHOLDER_SOURCE = String.raw`\{\{\s*([a-z][\w]{0,40})\s*(?:\|([^{}]{0,200}))?\}\}`

/** A default that is itself a placeholder (`<node>`, `<端口>`), shown as is when the log has no value. */
export const PLACEHOLDER_DEFAULT = /^<[^<>{}\n]{1,60}>$/

/** The names the engine fills from the facts of any log (plus `<product>_version`). */
export const FACT_CAPTURES: readonly string[] = [
  'port',
  'address',
  'path',
  'errno',
  'os_error',
  'platform'
]

/**
 * Whether a capture name is filled from the facts of a log, for any article.
 * @param name The placeholder's name.
 * @returns True for the names in {@link FACT_CAPTURES} and `<product>_version`.
 */
export function isFactCapture(name: string): boolean {
  return FACT_CAPTURES.includes(name) || /^[a-z][a-z0-9]*_version$/.test(name)
}

/** Fenced code blocks (indented in list items too) and inline code spans (the source of a regex; use with `gm`). */
export const CODE_SOURCE = String.raw`(^[ \t]*(\x60{3,}|~{3,})[^\n]*\n[\s\S]*?^[ \t]*\2[ \t]*$|\x60[^\x60\n]+\x60)`
