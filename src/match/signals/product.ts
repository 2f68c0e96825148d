/**
 * Read which products a log comes from and their versions: crate paths in the cargo registry
 * (`dora-daemon-0.3.10/`, `zenoh-1.2.1/`), `dora --version` output (`dora-cli 1.0.0-rc.3`), pip pins
 * (`dora-rs==0.3.6`), and mentions without a version (`dora_daemon::`, `dora up`, `zenohd`).
 */
import type { ProductFact } from '../types.ts'
import type { Extractor } from './types.ts'

const VERSION = String.raw`(\d+\.\d+\.\d+(?:-(?:alpha|beta|rc|pre|dev)[.\w]{0,12})?)`

/** Versioned hints first: a product seen with a version replaces the same product seen without. */
const VERSIONED: { name: string; pattern: RegExp }[] = [
  {
    name: 'dora',
    pattern: new RegExp(String.raw`\bdora(?:-[a-z]+){0,4}-${VERSION}[\\/]`, 'g')
  },
  {
    name: 'dora',
    pattern: new RegExp(
      String.raw`\bdora(?:-rs)?(?:-cli)?(?:==| v?| version:? v?)${VERSION}`,
      'gi'
    )
  },
  {
    name: 'zenoh',
    pattern: new RegExp(
      String.raw`\bzenoh(?:-[a-z]+){0,3}-${VERSION}[\\/]`,
      'g'
    )
  },
  {
    name: 'zenoh',
    pattern: new RegExp(
      String.raw`\bzenoh(?:[-_](?:c|python|cpp|pico))?(?:==| v?)${VERSION}`,
      'gi'
    )
  }
]

const MENTIONS: { name: string; pattern: RegExp }[] = [
  {
    name: 'dora',
    pattern:
      /\bdora[-_](?:daemon|coordinator|cli|runtime|node[-_]api|operator[-_]api|core|message|ros2[-_]bridge|rs)\b|\bdora(?:-cli)? (?:up|run|start|stop|build|daemon|coordinator|logs|check|list|destroy|down|new|node|validate|doctor|cluster)\b|\bDora Runtime\b|\bdora-rs\b|\bDORA_[A-Z_]+\b|\/dora\/binaries\/|checkouts\/dora-[0-9a-f]{6}/i
  },
  {
    name: 'zenoh',
    pattern: /\bzenoh(?:d|c)?\b|\bzenoh::|\bzenoh\.ZError|\brmw_zenoh/i
  },
  {
    name: 'ros2',
    pattern:
      /\bros2 (?:run|launch|topic)\b|\brclcpp\b|\brclpy\b|\bROS_DISTRO\b|\bros2_client\b/
  }
]

/** The products this extractor knows, by name. */
export const PRODUCT_NAMES: readonly string[] = [
  ...new Set([...VERSIONED, ...MENTIONS].map((entry) => entry.name))
]

export const product = {
  id: 'product',
  fact: 'products',
  extract(log) {
    const facts: ProductFact[] = []
    for (const line of log.lines) {
      for (const { name, pattern } of VERSIONED) {
        for (const match of line.raw.matchAll(pattern)) {
          const version = match[1]
          const existing = facts.find((fact) => fact.name === name)
          if (existing === undefined)
            facts.push({ name, version, hint: match[0], line: line.n })
          else if (existing.version === undefined)
            Object.assign(existing, { version, hint: match[0], line: line.n })
        }
      }
      for (const { name, pattern } of MENTIONS) {
        const match = pattern.exec(line.raw)
        if (match && !facts.some((fact) => fact.name === name))
          facts.push({ name, version: undefined, hint: match[0], line: line.n })
      }
    }
    return facts
  },
  describe: (fact) => `${fact.name} ${fact.version ?? '-'}`,
  examples: [
    {
      input:
        '/home/r/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f/dora-daemon-0.3.10/src/lib.rs:266:2',
      output: ['dora 0.3.10']
    },
    {
      input: 'at /x/zenoh-1.2.1/src/net/runtime/orchestrator.rs:649.',
      output: ['zenoh 1.2.1']
    },
    { input: 'dora-cli 1.0.0-rc.3', output: ['dora 1.0.0-rc.3'] },
    { input: 'WARN dora_daemon::pending: node exited', output: ['dora -'] },
    { input: 'zenoh.ZError: IO error', output: ['zenoh -'] },
    {
      input:
        '/home/runner/work/dora/dora/binaries/coordinator/src/listener.rs:91:56',
      output: ['dora -']
    },
    { input: 'pip install dora-rs==0.3.6', output: ['dora 0.3.6'] },
    { input: 'Adorable error', output: [] }
  ]
} satisfies Extractor<'products'>
