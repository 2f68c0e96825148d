import { describe, expect, it } from 'vitest'
import type { Step } from '../kb/types.ts'
import { normalize } from './normalize.ts'
import { extractFacts } from './signals/index.ts'
import { factCaptures, fill, fillMarkdown, resolveSteps } from './steps.ts'

describe('fill', () => {
  const table: [text: string, captures: Record<string, string>, out: string][] =
    [
      [
        'kill the owner of {{port}}',
        { port: '3000' },
        'kill the owner of 3000'
      ],
      // A concrete default is the article's example, never shown as if the log said it.
      ['listen on {{ port | 7447 }}', {}, 'listen on <port>'],
      ['listen on {{port|7447}}', { port: '80' }, 'listen on 80'],
      ['ping {{address|example.org}}', {}, 'ping <address>'],
      ['ping {{address}}', {}, 'ping <address>'],
      // A default that is a placeholder (in the article's language) is shown as written.
      ['dora logs {{node|<node>}}', {}, 'dora logs <node>'],
      ['ss -ltnp | grep {{port|<端口>}}', {}, 'ss -ltnp | grep <端口>'],
      ['no placeholders', { port: '1' }, 'no placeholders'],
      // Docker's Go templates are not placeholders.
      [
        "docker inspect -f '{{.HostConfig.NetworkMode}}'",
        {},
        "docker inspect -f '{{.HostConfig.NetworkMode}}'"
      ]
    ]
  for (const [text, captures, out] of table) {
    it(`should fill ${JSON.stringify(text)} as ${JSON.stringify(out)}`, () => {
      expect(fill(text, captures)).toBe(out)
    })
  }
})

describe('fillMarkdown', () => {
  const table: [text: string, captures: Record<string, string>, out: string][] =
    [
      // In prose a missing value becomes code, so that HTML renderers do not drop `<port>` as a tag.
      ['Free port {{port|7447}}.', {}, 'Free port `<port>`.'],
      ['Free port {{port|7447}}.', { port: '5000' }, 'Free port 5000.'],
      ['Free port `{{port|7447}}`.', {}, 'Free port `<port>`.'],
      [
        '1. Find it:\n\n   ```sh\n   ss -ltnup | grep :{{port|7447}}\n   ```\n\n   then {{port}}',
        {},
        '1. Find it:\n\n   ```sh\n   ss -ltnup | grep :<port>\n   ```\n\n   then `<port>`'
      ]
    ]
  for (const [text, captures, out] of table) {
    it(`should fill ${JSON.stringify(text)} as ${JSON.stringify(out)}`, () => {
      expect(fillMarkdown(text, captures)).toBe(out)
    })
  }
})

describe('factCaptures', () => {
  const table: [log: string, captures: Record<string, string>][] = [
    [
      'Error: listen EADDRINUSE: address already in use 127.0.0.1:3000',
      { address: '127.0.0.1', port: '3000', errno: 'EADDRINUSE' }
    ],
    [
      'Os { code: 99, kind: AddrNotAvailable, message: "Cannot assign requested address" }',
      { errno: 'EADDRNOTAVAIL', os_error: '99' }
    ],
    ['all good', {}]
  ]
  for (const [log, captures] of table) {
    it(`should offer ${JSON.stringify(captures)}`, () => {
      expect(factCaptures(extractFacts(normalize(log)))).toEqual(captures)
    })
  }
})

describe('factCaptures: the port, address and path of the call that failed', () => {
  const table: [
    name: string,
    log: string,
    wanted: { port?: string; address?: string; path?: string }
  ][] = [
    [
      'a Python bind tuple in the traceback',
      [
        'Traceback (most recent call last):',
        '  File "server.py", line 7, in <module>',
        '    sock.bind(("0.0.0.0", 5000))',
        'OSError: [Errno 98] Address already in use'
      ].join('\n'),
      { port: '5000', address: '0.0.0.0' }
    ],
    [
      'a Python connect tuple, not the address logged before it',
      [
        'INFO connected to broker 10.0.0.7:7447',
        'INFO starting api',
        'INFO step 1',
        'INFO step 2',
        'INFO step 3',
        'INFO step 4',
        'INFO step 5',
        'INFO step 6',
        'INFO step 7',
        'INFO step 8',
        'Traceback (most recent call last):',
        '  File "client.py", line 3, in <module>',
        "    s.connect(('127.0.0.1', 6379))",
        'ConnectionRefusedError: [Errno 111] Connection refused'
      ].join('\n'),
      { port: '6379', address: '127.0.0.1' }
    ],
    [
      'Node',
      'Error: listen EADDRINUSE: address already in use :::3000',
      { port: '3000', address: '::' }
    ],
    [
      'Go',
      'listen tcp :8080: bind: address already in use',
      { port: '8080', address: '0.0.0.0' }
    ],
    [
      'Rust, the address on the context line',
      [
        'Error: failed to bind 127.0.0.1:9000',
        '',
        'Caused by:',
        '    Address already in use (os error 98)'
      ].join('\n'),
      { port: '9000', address: '127.0.0.1' }
    ],
    [
      'Java, the port on a nearby line',
      [
        '***************************',
        'APPLICATION FAILED TO START',
        '***************************',
        'Description:',
        'Web server failed to start. Port 8081 was already in use.',
        'java.net.BindException: Address already in use'
      ].join('\n'),
      { port: '8081' }
    ],
    [
      'nginx',
      'nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)',
      { port: '80', address: '0.0.0.0' }
    ],
    [
      'zenoh, the endpoint on the failing line rather than the one before it',
      [
        'INFO zenoh::net::runtime: Zenoh can be reached at: tcp/192.168.1.20:7447',
        'ERROR zenohd: Unable to open listener tcp/0.0.0.0:7448: Can not create a new TCP listener bound to tcp/0.0.0.0:7448: [Os { code: 98, kind: AddrInUse, message: "Address already in use" }]'
      ].join('\n'),
      { port: '7448', address: '0.0.0.0' }
    ],
    [
      '.NET',
      [
        'Unhandled exception. System.IO.IOException: Failed to bind to address http://127.0.0.1:5001: address already in use.',
        ' ---> System.Net.Sockets.SocketException (98): Address already in use'
      ].join('\n'),
      { port: '5001', address: '127.0.0.1' }
    ],
    [
      'a unix socket path',
      'Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json": dial unix /var/run/docker.sock: connect: permission denied',
      { path: '/var/run/docker.sock' }
    ],
    [
      'a Python file path',
      "PermissionError: [Errno 13] Permission denied: '/usr/local/lib/python3.11/site-packages/x.py'",
      { path: '/usr/local/lib/python3.11/site-packages/x.py' }
    ],
    ['no port in the log', 'OSError: [Errno 98] Address already in use', {}],
    [
      'a port far away from the failing call',
      [
        'listening on port 9999',
        ...Array.from({ length: 12 }, (_, i) => `INFO tick ${i}`),
        'OSError: [Errno 98] Address already in use'
      ].join('\n'),
      {}
    ]
  ]
  for (const [name, log, wanted] of table) {
    it(`should read ${JSON.stringify(wanted)} from ${name}`, () => {
      const parsed = normalize(log)
      const captures = factCaptures(extractFacts(parsed), parsed)
      expect({
        port: captures.port,
        address: captures.address,
        path: captures.path
      }).toEqual({
        port: wanted.port,
        address: wanted.address,
        path: wanted.path
      })
    })
  }
})

describe('resolveSteps', () => {
  const step = (applies: Step['applies'], markdown = 'Run it'): Step => ({
    markdown,
    text: markdown,
    code: [],
    applies
  })
  const table: [
    name: string,
    applies: Step['applies'],
    log: string,
    result: {
      applies: string
      appliesNote: string | undefined
      scope: string | undefined
    }
  ][] = [
    [
      'a step for everywhere',
      { platforms: [], versions: {} },
      'Error: EADDRINUSE',
      { applies: 'yes', appliesNote: undefined, scope: undefined }
    ],
    [
      'a WSL step on a Windows log',
      { platforms: ['wsl'], versions: {} },
      'C:\\Users\\me> python app.py\nOSError: [WinError 10048] Only one usage of each socket address',
      {
        applies: 'no',
        appliesNote: 'for WSL; the log shows Windows',
        scope: 'WSL'
      }
    ],
    [
      'a container step on a log that says nothing of the platform',
      { platforms: ['docker'], versions: {} },
      'Error: EADDRINUSE',
      { applies: 'unknown', appliesNote: undefined, scope: 'containers' }
    ],
    [
      'a step for a newer dora than the log shows',
      { platforms: [], versions: { dora: '>=0.3.10' } },
      'dora-cli 0.3.9\nError: failed',
      {
        applies: 'no',
        appliesNote: 'needs dora >=0.3.10; the log shows 0.3.9',
        scope: 'dora >=0.3.10'
      }
    ],
    [
      'a dora step on a log without a version',
      { platforms: [], versions: { dora: '>=0.3.10' } },
      'Error: failed',
      { applies: 'unknown', appliesNote: undefined, scope: 'dora >=0.3.10' }
    ]
  ]
  for (const [name, applies, log, result] of table) {
    it(`should mark ${name} as ${result.applies}`, () => {
      const facts = extractFacts(normalize(log))
      expect(resolveSteps([step(applies)], facts, {})[0]).toMatchObject({
        n: 1,
        ...result
      })
    })
  }

  it('should number the steps and fill their code', () => {
    const steps: Step[] = [
      step({ platforms: [], versions: {} }, 'Find it'),
      {
        ...step({ platforms: [], versions: {} }, 'Stop it'),
        code: [{ lang: 'sh', value: 'fuser -k {{port}}/tcp' }]
      }
    ]
    const out = resolveSteps(steps, extractFacts(normalize('')), {
      port: '3000'
    })
    expect(out.map((result) => [result.n, result.blocks])).toEqual([
      [1, []],
      [2, [{ lang: 'sh', value: 'fuser -k 3000/tcp' }]]
    ])
  })
})
