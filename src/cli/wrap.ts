/**
 * @module cli/wrap
 * Wrap a log the way people paste it in Discord, for `remedy eval --wrapped` and the tests: the
 * engine must give the same answer for every wrapping.
 */

export const WRAPPINGS = [
  'plain',
  'fence',
  'ansi',
  'crlf',
  'quote',
  'timestamps'
] as const
export type Wrapping = (typeof WRAPPINGS)[number]

/**
 * Wrap a log.
 * @param log The log as collected.
 * @param how Which wrapping.
 * @returns The log as a user would paste it.
 */
export function wrapLog(log: string, how: Wrapping): string {
  const lines = log.split('\n')
  switch (how) {
    case 'plain':
      return log
    case 'fence':
      return `hey, I get this when I start it, any idea?\n\`\`\`console\n${log}\n\`\`\`\nthanks in advance!`
    case 'ansi':
      return lines
        .map((line) =>
          /error|fail|caused/i.test(line)
            ? `\u001b[1;31m${line}\u001b[0m`
            : `\u001b[2m${line}\u001b[22m`
        )
        .join('\n')
    case 'crlf':
      return lines.join('\r\n')
    case 'quote':
      return lines.map((line) => `> ${line}`).join('\n')
    case 'timestamps':
      return lines
        .map(
          (line, index) =>
            `2026-11-25T10:${String(10 + Math.floor(index / 60)).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.123456Z ${line}`
        )
        .join('\n')
  }
}
