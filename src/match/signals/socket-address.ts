/**
 * Read socket addresses and classify them: `224.0.0.224:7446` (multicast), `tcp/[::]:7447`
 * (unspecified, IPv6), `('127.0.0.1', 5001)` (loopback), `listen tcp :28888` (unspecified), and bare
 * IPs such as `169.254.153.182` (link-local).
 */
import type { AddressClass } from '../../kb/types.ts'
import type { AddressFact } from '../types.ts'
import type { Extractor } from './types.ts'

const IPV4 = String.raw`(?<!\d\.)\b(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})\b(?!\.\d)`
const PATTERNS: RegExp[] = [
  // 224.0.0.224:7446, tcp/10.0.0.1:7447, Bind for 0.0.0.0:53
  new RegExp(`${IPV4}(?::(\\d{1,5})\\b)?`, 'g'),
  // [::]:7447, [::1]:3000, [ff02::1]:7447, [fe80::1%eth0]:7447
  /\[([0-9a-fA-F:]{2,39})(?:%[\w.-]{1,20})?\](?::(\d{1,5})\b)?/g,
  // ('127.0.0.1', 5001), ('::1', 43055, 0, 0), bind(("0.0.0.0", 5000)), ("", 8000), ('localhost', 80)
  /\((['"])([0-9a-fA-F.:]{2,39}|localhost|)\1,\s?(\d{1,5})\b/g,
  // Node's :::3000
  /(?<![\w:]):::(\d{1,5})\b/g,
  // Go's listen tcp :28888
  /\b(?:tcp|udp)[46]? :(\d{1,5})\b/g,
  // http://localhost:5000, localhost:3000
  /\blocalhost:(\d{1,5})\b/g
]

/**
 * Classify an IP address.
 * @param address IPv4 dotted quad or IPv6 text.
 * @returns Its classes; empty when it is not a valid address.
 */
export function classifyAddress(address: string): AddressClass[] {
  if (address.includes(':')) {
    const lower = address.toLowerCase()
    const classes: AddressClass[] = ['ipv6']
    if (lower === '::') classes.push('unspecified')
    else if (lower === '::1') classes.push('loopback')
    else if (lower.startsWith('ff')) classes.push('multicast')
    else if (lower.startsWith('fe80')) classes.push('link-local')
    else if (/^f[cd]/.test(lower)) classes.push('private')
    else classes.push('public')
    return classes
  }
  const parts = address.split('.').map(Number)
  if (parts.length !== 4 || parts.some((part) => part > 255)) return []
  const [a = 0, b = 0] = parts
  if (a >= 224 && a <= 239) return ['multicast']
  if (a === 127) return ['loopback']
  if (parts.every((part) => part === 0)) return ['unspecified']
  if (a === 169 && b === 254) return ['link-local']
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168))
    return ['private']
  return ['public']
}

/** A Python address tuple as `[text, host, port]`; the empty host (any address) is 0.0.0.0. */
function tupleAddress(match: RegExpMatchArray): RegExpMatchArray {
  const host = match[2] === '' ? '0.0.0.0' : (match[2] ?? '')
  return Object.assign([match[0], host, match[3]], {
    index: match.index
  }) as RegExpMatchArray
}

function looksLikeVersion(line: string, index: number): boolean {
  // 1.2.3.4 right after a letter or `v`, or inside a path segment, is a version, not an address.
  const before = line.slice(Math.max(0, index - 1), index)
  return /[A-Za-z_-]/.test(before)
}

export const socketAddress = {
  id: 'socket-address',
  fact: 'addresses',
  extract(log) {
    const facts: AddressFact[] = []
    const add = (fact: AddressFact): void => {
      if (
        !facts.some(
          (seen) =>
            seen.line === fact.line &&
            seen.address === fact.address &&
            seen.port === fact.port
        )
      )
        facts.push(fact)
    }
    for (const line of log.lines) {
      const [ipv4, ipv6, tuple, node, go, localhost] = PATTERNS
      for (const match of line.text.matchAll(ipv4 ?? /$^/g)) {
        const address = match[1] ?? ''
        const classes = classifyAddress(address)
        if (classes.length === 0 || looksLikeVersion(line.text, match.index))
          continue
        add({
          address,
          port: match[2] === undefined ? undefined : Number(match[2]),
          family: 4,
          classes,
          line: line.n
        })
      }
      for (const match of [
        ...line.text.matchAll(ipv6 ?? /$^/g),
        ...[...line.text.matchAll(tuple ?? /$^/g)].map((found) =>
          tupleAddress(found)
        )
      ]) {
        const address = match[1] ?? ''
        if (!address.includes(':')) {
          const classes: AddressClass[] =
            address === 'localhost' ? ['loopback'] : classifyAddress(address)
          if (classes.length > 0 && match[2] !== undefined) {
            const port = Number(match[2])
            const bare = facts.findIndex(
              (seen) =>
                seen.line === line.n &&
                seen.address === address &&
                seen.port === undefined
            )
            if (bare >= 0) facts.splice(bare, 1)
            add({ address, port, family: 4, classes, line: line.n })
          }
          continue
        }
        add({
          address,
          port: match[2] === undefined ? undefined : Number(match[2]),
          family: 6,
          classes: classifyAddress(address),
          line: line.n
        })
      }
      for (const match of line.text.matchAll(node ?? /$^/g)) {
        add({
          address: '::',
          port: Number(match[1]),
          family: 6,
          classes: ['ipv6', 'unspecified'],
          line: line.n
        })
      }
      for (const match of line.text.matchAll(localhost ?? /$^/g))
        add({
          address: 'localhost',
          port: Number(match[1]),
          family: 4,
          classes: ['loopback'],
          line: line.n
        })
      for (const match of line.text.matchAll(go ?? /$^/g)) {
        add({
          address: '0.0.0.0',
          port: Number(match[1]),
          family: 4,
          classes: ['unspecified'],
          line: line.n
        })
      }
    }
    return facts
  },
  describe: (fact) =>
    `${fact.address}${fact.port === undefined ? '' : `:${fact.port}`} ${fact.classes.join(',')}`,
  examples: [
    {
      input: 'Unable to bind UDP port 224.0.0.224:7446 at orchestrator.rs:649',
      output: ['224.0.0.224:7446 multicast']
    },
    {
      input: 'Unable to open listener tcp/[::]:7447: failed',
      output: [':::7447 ipv6,unspecified']
    },
    {
      input: "error while attempting to bind on address ('127.0.0.1', 5001)",
      output: ['127.0.0.1:5001 loopback']
    },
    {
      input: 'listen tcp :28888: bind: in use',
      output: ['0.0.0.0:28888 unspecified']
    },
    {
      input: 'Error: listen EADDRINUSE: address already in use :::3000',
      output: [':::3000 ipv6,unspecified']
    },
    {
      input: 'join multicast group on address 169.254.153.182 failed',
      output: ['169.254.153.182 link-local']
    },
    {
      input: 'connect to 192.168.50.61:5555 and 8.8.8.8',
      output: ['192.168.50.61:5555 private', '8.8.8.8 public']
    },
    {
      input: '    sock.bind(("0.0.0.0", 5000))',
      output: ['0.0.0.0:5000 unspecified']
    },
    {
      input: "    s.connect(('localhost', 8000))",
      output: ['localhost:8000 loopback']
    },
    {
      input: '    server.bind(("", 8080))',
      output: ['0.0.0.0:8080 unspecified']
    },
    {
      input:
        'Failed to bind to address http://localhost:5000: address already in use.',
      output: ['localhost:5000 loopback']
    },
    { input: 'print(("a", 5000)) and ("1.2", 80)', output: [] },
    { input: 'zenoh-1.2.1/src and python-3.5.2.1 are versions', output: [] }
  ]
} satisfies Extractor<'addresses'>
