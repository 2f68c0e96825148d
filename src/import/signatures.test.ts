import { describe, expect, it } from 'vitest'
import { proposeSignatures, quotedMessages, stableLogText, versionsSeen } from './signatures.ts'

describe('quotedMessages', () => {
  const cases: [string, string[]][] = [
    ['返回"无法分配请求的地址"错误', ['无法分配请求的地址']],
    ['It says “Cannot assign requested address” and stops.', ['Cannot assign requested address']],
    ['Run 「dora up」 first.', []],
    ['The "dataflow" key is "nodes".', []]
  ]
  for (const [text, expected] of cases) {
    it(`should find ${JSON.stringify(expected)} in ${JSON.stringify(text)}`, () => {
      expect(quotedMessages([text])).toEqual(expected)
    })
  }
})

describe('stableLogText', () => {
  const cases: [string, string | undefined][] = [
    ['failed to run dora-daemon\nCaused by:\n   0: failed to open zenoh session\n   1: Unable to bind UDP port 224.0.0.224:7446 at /home/a/zenoh-1.2.1/src/x.rs:649. - Caused by Cannot assign requested address (os error 99)\n   2: Cannot assign requested address (os error 99)', 'unable to bind udp port'],
    ['Error: failed to start embedded coordinator\n\nCaused by:\n    0: failed to start WS server\n    1: Address already in use (os error 98)', 'failed to start ws server'],
    ['Address already in use (os error 98)', undefined]
  ]
  for (const [log, expected] of cases) {
    it(`should take ${JSON.stringify(expected)}`, () => {
      expect(stableLogText(log)).toBe(expected)
    })
  }
})

describe('proposeSignatures', () => {
  it('should read OS errors, telling addresses, products and platforms with the engine, most specific first', () => {
    const text = 'In WSL, the daemon of dora 0.3.10 fails to bind 224.0.0.224:7446 with "无法分配请求的地址" (os error 99). The coordinator on 127.0.0.1:6013 is fine.'
    const { proposals, facts } = proposeSignatures(text, [text], [])
    expect(proposals.map((proposal) => proposal.clue)).toEqual([
      { address: 'multicast', port: 7446, weight: 0.35 },
      { address: 'loopback', port: 6013, weight: 0.35 },
      { errno: 'EADDRNOTAVAIL', weight: 0.3 },
      { product: 'dora', weight: 0.15 },
      { platform: 'wsl', weight: 0.1 }
    ])
    expect(proposals.find((proposal) => 'errno' in proposal.clue)?.from).toBe('os error 99 (linux), "无法分配请求的地址"')
    expect(versionsSeen(facts)).toEqual({ dora: ['0.3.10'] })
  })

  it('should propose a private address only as its port, and nothing for prose without signals', () => {
    expect(proposeSignatures('connect to 192.168.1.20:7447 fails', [], []).proposals.map((proposal) => proposal.clue)).toEqual([{ port: 7447, weight: 0.15 }])
    expect(proposeSignatures('Restart the computer and try again.', [], []).proposals).toEqual([])
  })
})
