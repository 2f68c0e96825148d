import { describe, expect, it } from 'vitest'
import {
  proposeSignatures,
  quotedMessages,
  stableLogText,
  versionsSeen
} from './signatures.ts'

describe('quotedMessages', () => {
  const cases: [string, string[]][] = [
    ['返回"无法分配请求的地址"错误', ['无法分配请求的地址']],
    [
      'It says “Cannot assign requested address” and stops.',
      ['Cannot assign requested address']
    ],
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
    [
      'failed to run dora-daemon\nCaused by:\n   0: failed to open zenoh session\n   1: Unable to bind UDP port 224.0.0.224:7446 at /home/a/zenoh-1.2.1/src/x.rs:649. - Caused by Cannot assign requested address (os error 99)\n   2: Cannot assign requested address (os error 99)',
      'unable to bind udp port'
    ],
    [
      'Error: failed to start embedded coordinator\n\nCaused by:\n    0: failed to start WS server\n    1: Address already in use (os error 98)',
      'failed to start ws server'
    ],
    // The user's own names are not part of the problem; the tracing target is not either.
    [
      'Error: failed to spawn node `detector`\nCaused by:\n    Permission denied (os error 13)',
      'failed to spawn node'
    ],
    [
      '2025-04-12T09:14:03Z ERROR zenoh::net::runtime::orchestrator: Unable to bind UDP port 224.0.0.224:7446: Cannot assign requested address (os error 99)',
      'unable to bind udp port'
    ],
    [
      '1: Only one usage of each socket address (protocol/network address/port) is normally permitted. (os error 10048)',
      undefined
    ],
    ['Address already in use (os error 98)', undefined],
    // A message that is only an OS error says less than the one around it.
    [
      'Error: failed to open camera device\nCaused by:\n    Device or resource busy (os error 16)',
      'failed to open camera device'
    ],
    // A quoted product name is the problem itself, so it stays.
    [
      'Traceback (most recent call last):\n  File "/home/li/camera.py", line 1, in <module>\n    from dora import Node\nModuleNotFoundError: No module named \'dora\'',
      "modulenotfounderror: no module named 'dora"
    ]
  ]
  for (const [log, expected] of cases) {
    it(`should take ${JSON.stringify(expected)}`, () => {
      expect(stableLogText(log)).toBe(expected)
    })
  }
})

describe('proposeSignatures', () => {
  it('should read OS errors, telling addresses, products and platforms with the engine, most specific first', () => {
    const text =
      'In WSL, the daemon of dora 0.3.10 fails to bind 224.0.0.224:7446 with "无法分配请求的地址" (os error 99). The coordinator on 127.0.0.1:6013 is fine.'
    const { proposals, facts } = proposeSignatures(text, '', [text], [])
    expect(proposals.map((proposal) => proposal.clue)).toEqual([
      { address: 'multicast', port: 7446, weight: 0.35 },
      { address: 'loopback', port: 6013, weight: 0.35 },
      { errno: 'EADDRNOTAVAIL', weight: 0.3 },
      { product: 'dora', weight: 0.15 },
      { platform: 'wsl', weight: 0.1 }
    ])
    expect(proposals.find((proposal) => 'errno' in proposal.clue)?.from).toBe(
      'os error 99 (linux), "无法分配请求的地址"'
    )
    expect(versionsSeen(facts)).toEqual({ dora: ['0.3.10'] })
  })

  it("should never propose a runtime's boilerplate as a text clue", () => {
    const log = [
      "thread 'main' panicked at src/main.rs:10:5:",
      'index out of bounds: the len is 3 but the index is 7',
      'note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace'
    ].join('\n')
    const prose = ['It stops with "Traceback (most recent call last)".']
    const texts = proposeSignatures(log, '', prose, [log])
      .proposals.filter((proposal) => 'text' in proposal.clue)
      .map((proposal) => proposal.clue.text)
    expect(texts).toEqual(['index out of bounds: the len is'])
  })

  it('should propose a quoted message without what varies in it', () => {
    const prose = [
      'The node prints "Unable to connect to tcp/10.1.0.2:7447" and exits.',
      'dora list says "No daemon is connected".'
    ]
    expect(
      proposeSignatures(prose.join('\n'), '', prose, [])
        .proposals.filter((proposal) => 'text' in proposal.clue)
        .map((proposal) => proposal.clue.text)
      // The address varies; the fixed part of its word (`tcp`) stays.
    ).toEqual(['unable to connect to tcp', 'No daemon is connected'])
  })

  it('should propose a private address only as its port, and nothing for prose without signals', () => {
    expect(
      proposeSignatures(
        'connect to 192.168.1.20:7447 fails',
        '',
        [],
        []
      ).proposals.map((proposal) => proposal.clue)
    ).toEqual([{ port: 7447, weight: 0.15 }])
    expect(
      proposeSignatures('Restart the computer and try again.', '', [], [])
        .proposals
    ).toEqual([])
  })

  it('should read errors and addresses where the user sees them, and from the explanation only when that shows none', () => {
    const seen =
      'zenohd fails: Permission denied (os error 13) on tcp/0.0.0.0:80'
    const explained =
      'Ports below 1024 need root; the coordinator itself listens on 127.0.0.1:6013 in dora 0.3.13.'
    expect(
      proposeSignatures(seen, explained, [], []).proposals.map(
        (proposal) => proposal.clue
      )
    ).toEqual([
      { address: 'unspecified', port: 80, weight: 0.35 },
      { errno: 'EACCES', weight: 0.3 },
      { product: 'zenoh', weight: 0.15 },
      { product: 'dora', weight: 0.15 }
    ])
    expect(
      proposeSignatures(
        'It stops at once.',
        'It cannot join 224.0.0.224:7446 (os error 99).',
        [],
        []
      ).proposals.map((proposal) => Object.keys(proposal.clue)[0])
    ).toEqual(['address', 'errno'])
  })
})
