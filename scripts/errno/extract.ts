/**
 * @module scripts/errno/extract
 * The impure half of the errno generator: read what this Debian machine ships and write it to
 * `scripts/errno/data/` as plain JSON, so that the table can be rebuilt and checked without it.
 *
 * - Linux numbers and names: `/usr/include/asm-generic/errno-base.h` and `errno.h` (kernel headers).
 * - glibc's C-locale texts: `strerror()` of the system C library (`strerror.c` compiled with `cc`).
 * - musl's texts: the same program linked statically against musl (`musl-gcc`, Debian `musl-tools`).
 * - glibc's translations: every `/usr/share/locale/<lang>/LC_MESSAGES/libc.mo` (Debian `libc-l10n`,
 *   which `locales-all` pulls in), looked up by the C-locale text.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { GlibcCatalogs, LinuxErrno, LinuxSource } from './build.ts'
import { readMo } from './mo.ts'

const HEADERS = [
  '/usr/include/asm-generic/errno-base.h',
  '/usr/include/asm-generic/errno.h'
]
const LOCALE_DIR = '/usr/share/locale'

/** Names and numbers from the kernel headers; `#define EWOULDBLOCK EAGAIN` lines are aliases. */
function readHeaders(): {
  names: Map<number, string>
  aliases: Map<string, string>
} {
  const names = new Map<number, string>()
  const aliases = new Map<string, string>()
  for (const file of HEADERS) {
    for (const match of readFileSync(file, 'utf8').matchAll(
      /^#define\s+(E[A-Z0-9]+)\s+(\d+|E[A-Z0-9]+)\b/gm
    )) {
      const [, name = '', value = ''] = match
      if (/^\d+$/.test(value)) names.set(Number(value), name)
      else aliases.set(name, value)
    }
  }
  return { names, aliases }
}

/** Run `strerror.c` compiled with one compiler; returns the texts by number. */
function strerrorTable(compiler: string, flags: string[]): Map<number, string> {
  const dir = mkdtempSync(join(tmpdir(), 'errno-'))
  const exe = join(dir, 'strerror')
  execFileSync(compiler, [
    ...flags,
    '-o',
    exe,
    join(import.meta.dirname, 'strerror.c')
  ])
  const out = execFileSync(exe, { env: { LC_ALL: 'C' }, encoding: 'utf8' })
  const table = new Map<number, string>()
  for (const line of out.split('\n')) {
    const [code = '', text = ''] = line.split('\t')
    if (code !== '') table.set(Number(code), text)
  }
  return table
}

/** The installed version of a Debian package. */
function version(pkg: string): string {
  return execFileSync('dpkg-query', ['-W', '-f', '${Version}', pkg], {
    encoding: 'utf8'
  })
}

/**
 * Read the system's errno sources.
 * @returns The Linux table (numbers, names, glibc and musl texts) and glibc's translations.
 */
export function extractSystem(): {
  linux: LinuxSource
  catalogs: GlibcCatalogs
} {
  const { names, aliases } = readHeaders()
  const glibc = strerrorTable('cc', [])
  if (!existsSync('/usr/bin/musl-gcc'))
    throw new Error('errno: musl-gcc not found; apt-get install musl-tools')
  const musl = strerrorTable('musl-gcc', ['-static'])
  const errnos: LinuxErrno[] = [...names.entries()]
    .sort(([a], [b]) => a - b)
    .map(([code, name]) => {
      const glibcText = glibc.get(code)
      const muslText = musl.get(code)
      return {
        code,
        name,
        aliases: [...aliases.entries()]
          .filter(([, target]) => target === name)
          .map(([alias]) => alias)
          .sort(),
        glibc:
          glibcText === undefined || /^Unknown error/.test(glibcText)
            ? null
            : glibcText,
        musl:
          muslText === undefined || muslText === 'No error information'
            ? null
            : muslText
      }
    })
  const linux: LinuxSource = {
    source: `kernel asm-generic/errno*.h (linux-libc-dev ${version('linux-libc-dev')}); glibc ${version('libc6')}; musl ${version('musl')}; catalogs libc-l10n ${version('libc-l10n')}`,
    errnos
  }
  const catalogs: GlibcCatalogs = {}
  for (const lang of readdirSync(LOCALE_DIR).sort()) {
    const file = join(LOCALE_DIR, lang, 'LC_MESSAGES', 'libc.mo')
    if (!existsSync(file)) continue
    const messages = readMo(readFileSync(file))
    const texts: Record<string, string> = {}
    for (const errno of errnos) {
      const translated =
        errno.glibc === null ? undefined : messages.get(errno.glibc)
      if (translated !== undefined) texts[errno.name] = translated
    }
    catalogs[lang] = texts
  }
  return { linux, catalogs }
}
