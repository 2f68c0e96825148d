/**
 * Read platform hints: WSL (`/mnt/c/`, `microsoft-standard-WSL2`, `wsl:` messages), Windows (drive
 * paths, `WinError`, Winsock numbers), macOS (`/Users/`, Darwin, BSD errno numbers), containers
 * (docker, dev containers, Kubernetes) and Linux (`/home/`, distro names, Linux errno numbers).
 */
import type { Platform } from '../../kb/types.ts'
import type { PlatformFact } from '../types.ts'
import type { Extractor } from './types.ts'

/** Order matters: the first hint found on a line for a platform is the one reported. */
const HINTS: { platform: Platform; hint: string; pattern: RegExp }[] = [
  {
    platform: 'wsl',
    hint: 'WSL path /mnt/<drive>/',
    pattern: /(?:^|[\s'"=(:])\/mnt\/[a-z]\//
  },
  {
    platform: 'wsl',
    hint: 'WSL kernel',
    pattern:
      /microsoft-standard(?:-WSL2)?|WSL2?\b|\bwsl(?:info|\.exe|:)|\.wslconfig/i
  },
  {
    platform: 'windows',
    hint: 'Windows path',
    pattern: /(?:^|[\s'"(=`])[A-Z]:\\/
  },
  {
    platform: 'windows',
    hint: 'Windows error',
    pattern:
      /\bWinError\b|\bWSAE[A-Z]+\b|\(os error 100\d\d\)|SocketException \(100\d\d\)|\bconnectex:/
  },
  {
    platform: 'windows',
    hint: 'Windows',
    pattern: /\bWindows (?:10|11|Server)\b|\bPowerShell\b|\.exe\b/
  },
  {
    platform: 'macos',
    hint: 'macOS path /Users/',
    pattern: /(?:^|[\s'"(=`])\/Users\//
  },
  {
    platform: 'macos',
    hint: 'macOS',
    pattern:
      /\bmacOS\b|\bDarwin\b|\bOS X\b|\.dylib\b|\bHomebrew\b|\/opt\/homebrew\//
  },
  {
    platform: 'docker',
    hint: 'container',
    pattern:
      /\bdocker\b|\bdevcontainer\b|\bpodman\b|\/\.dockerenv|\bkubernetes\b|\bk8s\b|\bcontainerd\b/i
  },
  {
    platform: 'linux',
    hint: 'Linux path /home/',
    pattern:
      /(?:^|[\s'"(=])\/home\/|(?:^|\s)\/root\/|\/usr\/lib\/|\/proc\/|\/dev\/shm/
  },
  {
    platform: 'linux',
    hint: 'Linux',
    pattern:
      /\b(?:Ubuntu|Debian|Fedora|Arch Linux|linux-gnu|GNU\/Linux)\b|\bapt(?:-get)? install\b/
  }
]

/** Errno numbers that only Linux (and WSL) print. */
const LINUX_CODES =
  /\(os error (?:98|99|101|104|110|111|113)\)|\[Errno (?:98|99|101|104|110|111|113)\]/
/** Errno numbers that only macOS/BSD print. */
const MACOS_CODES =
  /\(os error (?:47|48|49|51|54|55|60|61|65)\)|\[Errno (?:48|49|51|54|55|60|61|65)\]/

export const platform = {
  id: 'platform',
  fact: 'platforms',
  extract(log) {
    const facts: PlatformFact[] = []
    const seen = new Set<Platform>()
    const add = (fact: PlatformFact): void => {
      if (seen.has(fact.platform)) return
      seen.add(fact.platform)
      facts.push(fact)
    }
    for (const line of log.lines) {
      for (const { platform: name, hint, pattern } of HINTS)
        if (pattern.test(line.raw)) add({ platform: name, hint, line: line.n })
      if (LINUX_CODES.test(line.text))
        add({ platform: 'linux', hint: 'Linux errno number', line: line.n })
      if (MACOS_CODES.test(line.text))
        add({ platform: 'macos', hint: 'macOS errno number', line: line.n })
    }
    // WSL is Linux inside Windows: a WSL log is also a Linux log.
    const wsl = facts.find((fact) => fact.platform === 'wsl')
    if (wsl !== undefined)
      add({ platform: 'linux', hint: 'WSL runs Linux', line: wsl.line })
    return facts
  },
  describe: (fact) => `${fact.platform}: ${fact.hint}`,
  examples: [
    {
      input: '(.venv) rooter@chen:/mnt/f/dora$ dora up',
      output: ['wsl: WSL path /mnt/<drive>/', 'linux: WSL runs Linux']
    },
    {
      input: 'wsl: Mirrored networking mode is not supported',
      output: ['wsl: WSL kernel', 'linux: WSL runs Linux']
    },
    {
      input: 'File "C:\\Users\\me\\x.py", line 1',
      output: ['windows: Windows path']
    },
    {
      input: "Can't assign requested address (os error 49)",
      output: ['macos: macOS errno number']
    },
    {
      input: 'docker: Error response from daemon',
      output: ['docker: container']
    },
    {
      input: 'no node exists at `C:\\Users\\ivan\\nodes\\camera.py`',
      output: ['windows: Windows path']
    },
    {
      input: 'Cannot assign requested address (os error 99)',
      output: ['linux: Linux errno number']
    },
    { input: 'nothing to see', output: [] }
  ]
} satisfies Extractor<'platforms'>
