/**
 * Read the call that failed and what it was called on, from the forms runtimes print: Go
 * `dial unix /var/run/docker.sock: connect: permission denied` and `open /etc/x: permission denied`,
 * Node `listen EACCES: permission denied 0.0.0.0:80` and `EACCES: permission denied, open '/dev/x'`,
 * C/nginx `bind() to 0.0.0.0:80 failed`, Python `[Errno 13] Permission denied: '/path'` and the
 * `sock.bind((host, port))` line of a traceback, Java and .NET exceptions and frames, and English
 * phrases (`failed to create directory`, `could not create /run/x.pid`, `cannot open /dev/ttyS1`).
 */
import type { ObjectKind } from '../../kb/clues/object.ts'
import type { Operation } from '../../kb/clues/operation.ts'
import { redact } from '../redact.ts'
import type { LogLine, OperationFact } from '../types.ts'
import type { Extractor } from './types.ts'

/** A fact before its line is known. */
type Found = Omit<OperationFact, 'line'>

const IPV4 = String.raw`\d{1,3}(?:\.\d{1,3}){3}`
const PORTED = new RegExp(
  String.raw`^(?:${IPV4}|\[[0-9a-fA-F:.%\w]+\]|::|[\w.-]*):(\d{1,5})$`
)
const BARE_IP = new RegExp(String.raw`^(?:${IPV4}|[0-9a-fA-F]*:[0-9a-fA-F:]+)$`)
const PATHLIKE = /^(?:\/|~\/|\.{1,2}\/|[A-Za-z]:[\\/]|\\\\)/
/** A source location (`orchestrator.rs:649`) is where the error was raised, not what it was on. */
const SOURCE =
  /\.(?:rs|py|go|js|mjs|ts|c|cc|cpp|h|hpp|java|cs|php|rb|kt)(?::\d+)*$|:\d+:\d+$/
const DEVICE =
  /^\/dev\/(?!null$|zero$|u?random$|std(?:in|out|err)$|fd\/|pts\/|tty$|shm\/)|^COM\d{1,3}$/i

/**
 * Classify what a call was made on from the text printed for it.
 * @param raw The target as printed (quotes and trailing punctuation are removed).
 * @param noun The noun the message used (`directory`, `device` …), when it used one.
 * @param operation The call, which tells a directory from a file for `mkdir`.
 * @returns The object, or undefined when the text is not an address, a path or a device.
 */
export function classifyTarget(
  raw: string,
  noun: ObjectKind | undefined,
  operation: Operation | undefined
): { object: ObjectKind; target: string } | undefined {
  let target = raw
    .replace(/^[`'"(<]+|[`'">),.;:]+$/g, '')
    .replace(/^(?:tcp|udp|quic|tls|ws|wss)\//i, '')
  if (target === '' || SOURCE.test(target)) return undefined
  if (/^unix:/i.test(target)) {
    target = target.replace(/^unix:(?:\/\/(?=\/))?/i, '')
    return { object: 'unix-socket', target }
  }
  if (/^(?:\/\/\.\/|\\\\\.\\)pipe[/\\]/i.test(target))
    return { object: 'pipe', target }
  if (/^\/dev\/shm(?:\/|$)/.test(target)) return { object: 'shm', target }
  if (DEVICE.test(target)) return { object: 'device', target }
  if (/\.sock(?:et)?$/.test(target) && PATHLIKE.test(target))
    return { object: 'unix-socket', target }
  if (PORTED.test(target) && !PATHLIKE.test(target) && /\d$/.test(target))
    return { object: 'port', target }
  if (BARE_IP.test(target) && /[.:]/.test(target))
    return { object: 'address', target }
  if (PATHLIKE.test(target) || /^[\w.-]+\/[\w./-]+$/.test(target)) {
    if (noun === 'unix-socket') return { object: 'unix-socket', target }
    if (noun === 'device') return { object: 'device', target }
    if (noun === 'file' || noun === 'directory') return { object: noun, target }
    if (operation === 'mkdir' || /[/\\]$/.test(target))
      return { object: 'directory', target }
    if (
      operation === 'create' ||
      operation === 'open' ||
      operation === 'exec' ||
      /\/[^/]*[^/.]\.[A-Za-z0-9]{1,5}$/.test(target)
    )
      return { object: 'file', target }
    return { object: 'path', target }
  }
  if (
    operation === 'resolve' &&
    /^[A-Za-z0-9][\w.-]*\.[A-Za-z]{2,}$|^[A-Za-z][\w-]*$/.test(target)
  )
    return { object: 'host', target }
  return undefined
}

const VERBS: [RegExp, Operation | undefined][] = [
  [/^(?:bind|binding)$/, 'bind'],
  [/^listen/, 'listen'],
  [/^connect/, 'connect'],
  [/^accept/, 'accept'],
  [/^send/, 'send'],
  [/^rec(?:v|eiv)/, 'recv'],
  [/^join/, 'join'],
  [/^(?:resolv|lookup|look up)/, 'resolve'],
  [/^(?:open|access)/, 'open'],
  [/^(?:creat|mak)/, 'create'],
  [/^mkdir/, 'mkdir'],
  [/^(?:remov|delet|unlink|rmdir)/, 'remove'],
  [/^renam/, 'rename'],
  [/^(?:exec|spawn|run)/, 'exec'],
  [/^(?:mmap|map)/, 'mmap'],
  [/^mlock/, 'mlock'],
  [/^shm_open/, 'shm-open'],
  [/^ioctl/, 'ioctl'],
  [/^(?:read|writ|lock|stat|chmod|chown)/, undefined]
]

function verb(word: string): Operation | undefined {
  const lower = word.toLowerCase()
  return VERBS.find(([pattern]) => pattern.test(lower))?.[1]
}

const NOUNS: [RegExp, ObjectKind][] = [
  [/^(?:directory|dir|folder)$/i, 'directory'],
  [/^file$/i, 'file'],
  [/^(?:device|serial port|camera)$/i, 'device'],
  [/^(?:unix )?socket$/i, 'unix-socket'],
  [/^(?:port|address)$/i, 'port'],
  [/^(?:multicast )?group$/i, 'address'],
  [/^(?:posix )?(?:shm|shared memory)/i, 'shm'],
  [/^listener$/i, 'port'],
  [/^pipe$/i, 'pipe']
]

function noun(word: string | undefined): ObjectKind | undefined {
  return word === undefined
    ? undefined
    : NOUNS.find(([pattern]) => pattern.test(word))?.[1]
}

/** The first token of a text that classifies as an object, among its first few. */
function firstTarget(
  text: string,
  kind: ObjectKind | undefined,
  operation: Operation | undefined
): { object: ObjectKind; target: string } | undefined {
  const quoted = /^\s*[`'"]([^`'"]+)[`'"]/.exec(text)
  if (quoted?.[1] !== undefined) {
    const found = classifyTarget(quoted[1], kind, operation)
    if (found) return found
  }
  for (const token of text.split(/\s+/).slice(0, 6)) {
    const found = classifyTarget(token, kind, operation)
    if (found) return found
  }
  return undefined
}

/** What a call on the network was made on when the message names no object: a socket address. */
const NETWORK: readonly (Operation | undefined)[] = [
  'bind',
  'listen',
  'connect',
  'accept',
  'send',
  'recv'
]

function fact(
  operation: Operation | undefined,
  kind: ObjectKind | undefined,
  rest: string
): Found {
  const found = firstTarget(rest, kind, operation)
  if (found)
    return {
      operation,
      object:
        kind === 'directory' && found.object === 'path'
          ? 'directory'
          : found.object,
      target: found.target
    }
  return {
    operation,
    object: kind ?? (NETWORK.includes(operation) ? 'port' : undefined),
    target: undefined
  }
}

const GO_NET =
  /\b(dial|listen|read|write) (tcp[46]?|udp[46]?|unix\w*|ip[46]?)(?: (\S+?))?: (?:(bind|connect|listen|accept|socket|setsockopt|read|write|lookup)\b)?(?: (\S+))?/
const GO_NET_OPS: Record<string, Operation> = {
  bind: 'bind',
  connect: 'connect',
  listen: 'listen',
  accept: 'accept',
  read: 'recv',
  write: 'send',
  lookup: 'resolve'
}
const NODE_NET =
  /\b(listen|connect|bind|accept|read|write|getaddrinfo|send|recv) (E[A-Z][A-Z_]{2,})(?:: [^\d/[:\n]*)? ?(\S+)?/
const NODE_FS =
  /\bE[A-Z]{2,}: [^,\n]{1,80}, (open|mkdir|rmdir|unlink|rename|scandir|opendir|symlink|copyfile|access|stat|lstat|chmod|chown|mkdtemp|watch|read|write) '([^']+)'/
const NODE_SPAWN = /\bspawn (\S+) E[A-Z]{2,}/
const C_CALL =
  /\b(bind|connect|listen|accept|open|openat|fopen|mkdir|unlink|rename|shm_open|mmap|mlock|mlockall|ioctl|execve?|execvp|sendto|sendmsg|send|recv|recvfrom|getaddrinfo)\(\)(?: to| on| for)? ?(.*)/
const C_OPS: Record<string, Operation> = {
  openat: 'open',
  fopen: 'open',
  shm_open: 'shm-open',
  mlockall: 'mlock',
  execve: 'exec',
  execvp: 'exec',
  sendto: 'send',
  sendmsg: 'send',
  recvfrom: 'recv',
  getaddrinfo: 'resolve'
}
const GO_FS =
  /\b(open|openat|mkdir|mkdirall|remove|unlinkat|rename|stat|lstat|chmod|chown|fork\/exec|exec|chdir) ((?:\/|[A-Za-z]:\\|\.{1,2}\/|~\/)[^\s:]*): /
const GO_FS_OPS: Record<string, Operation> = {
  open: 'open',
  openat: 'open',
  mkdir: 'mkdir',
  mkdirall: 'mkdir',
  remove: 'remove',
  unlinkat: 'remove',
  rename: 'rename',
  'fork/exec': 'exec',
  exec: 'exec'
}
const PY_FILENAME = /\[(?:Errno|WinError) -?\d+\] [^'"\n]{1,80}: '([^']+)'/
const PY_CALL =
  /(?:^|[\s.=(])(bind|listen|connect|connect_ex|accept|sendto|sendall|send|recv\w*|makedirs|mkdir|unlink|rmdir|rename|execv\w*|Popen|mmap|mlock\w*|SharedMemory|shm_open|ioctl|getaddrinfo|gethostbyname\w*|create_connection|create_server|open)\((.*)$/
const PY_OPS: Record<string, Operation> = {
  connect_ex: 'connect',
  sendto: 'send',
  sendall: 'send',
  makedirs: 'mkdir',
  rmdir: 'remove',
  unlink: 'remove',
  Popen: 'exec',
  SharedMemory: 'shm-open',
  shm_open: 'shm-open',
  getaddrinfo: 'resolve',
  create_connection: 'connect',
  create_server: 'bind'
}
const PY_TUPLE = /^\(\s*['"]([^'"]*)['"]\s*,\s*(\d{1,5})\s*\)/
const PY_FRAME = /^File "[^"]+", line \d+/
const ENGLISH =
  /\b(?:failed|fail|unable|could ?n[o']t|cannot|can[' ]?t|not able|error|while|when)(?: to| while| when| trying to)? (?:(?:udp|tcp) )?(open|creat|read|writ|remov|delet|unlink|renam|mak|access|bind|listen|connect|execut|exec|spawn|mmap|map|mlock|shm_open|ioctl|resolv|look up|lookup|join|mkdir|accept|send|receiv)(?:e|ed|es|ing|s)?\b(?: to| on)?(?:(?: (?:the|a|an|specified))?(?: [\w.-]{1,30}){0,3}? (directory|dir|folder|file|device|serial port|camera|unix socket|socket|port|address|multicast group|group|(?:posix )?(?:shm|shared memory)(?: segment| object)?|pipe|listener)\b)?(.*)/i
const JAVA_FILE = /\bjava\.io\.FileNotFoundException: (\S+) \(/
const JAVA_NIO =
  /\bjava\.nio\.file\.(?:AccessDenied|NoSuchFile|FileAlreadyExists|DirectoryNotEmpty|NotDirectory|FileSystem)Exception: (\S+)/
const JAVA_NET =
  /\bjava\.net\.(Bind|Connect|UnknownHost|NoRouteToHost)Exception\b(?::\s*(\S+))?|\((Bind|Connect|Listen) failed\)/
const DOTNET_PATH = /Access to the (path|port) '([^']+)' is denied/
const FRAME =
  /\bat [\w.$/<>`]+\.(DoBind|Bind|bind0?|Listen|listen0?|DoConnect|Connect|connect0?|Accept|accept0?|TcpListener\.Start|HttpListener\.Start)\(/
const FRAME_OPS: Record<string, Operation> = {
  DoBind: 'bind',
  Bind: 'bind',
  bind: 'bind',
  bind0: 'bind',
  Listen: 'listen',
  listen: 'listen',
  listen0: 'listen',
  DoConnect: 'connect',
  Connect: 'connect',
  connect: 'connect',
  connect0: 'connect',
  Accept: 'accept',
  accept: 'accept',
  accept0: 'accept',
  'TcpListener.Start': 'listen',
  'HttpListener.Start': 'listen'
}
/** OpenSSH and netcat: `connect to host 10.0.0.7 port 22: …`, `connect to 10.0.0.7 port 80 (tcp) failed: …`. */
const CONNECT_TO_PORT =
  /\bconnect to (?:host )?([\w.:%[\]-]+) port (\d{1,5})\b(?: \((?:tcp|udp)\))?(?::| failed)/
const FAILED_CALL =
  /\b(mmap|mlock(?:all)?|shm_open|ioctl|setsockopt|IP_ADD_MEMBERSHIP|MCAST_JOIN_GROUP)(?:\([^)]{0,80}\))?:? (?:failed|error|returned)/i

/** The facts of one line, most specific form first; `previous` is the line above (traceback frames). */
function readLine(text: string, previous: string | undefined): Found[] {
  const go = GO_NET.exec(text)
  if (go) {
    const [, outer = '', network = '', target, inner, after] = go
    if (inner === 'lookup') return [fact('resolve', 'host', after ?? '')]
    const operation =
      (inner === undefined ? undefined : GO_NET_OPS[inner]) ??
      GO_NET_OPS[outer === 'dial' ? 'connect' : outer]
    const remote = target?.split('->').at(-1)
    if (network.startsWith('unix'))
      return [
        {
          operation,
          object: 'unix-socket',
          target: remote === undefined ? undefined : remote
        }
      ]
    return [fact(operation, undefined, remote ?? '')]
  }
  const node = NODE_NET.exec(text)
  if (node) {
    const [, call = '', , target] = node
    const operation = call === 'getaddrinfo' ? 'resolve' : verb(call)
    return [
      fact(
        operation,
        operation === 'resolve' ? 'host' : undefined,
        target ?? ''
      )
    ]
  }
  const fs = NODE_FS.exec(text)
  if (fs) {
    const [, call = '', path = ''] = fs
    const operation = call === 'rmdir' ? 'remove' : verb(call)
    const kind =
      call === 'scandir' || call === 'opendir' ? 'directory' : undefined
    return [fact(operation, kind, `'${path}'`)]
  }
  const spawn = NODE_SPAWN.exec(text)
  if (spawn) return [{ operation: 'exec', object: 'file', target: spawn[1] }]
  const c = C_CALL.exec(text)
  if (c) {
    const [, call = '', rest = ''] = c
    const operation = C_OPS[call] ?? verb(call)
    return [fact(operation, undefined, rest.replace(/ failed\b.*$/, ''))]
  }
  const goFs = GO_FS.exec(text)
  if (goFs) {
    const [, call = '', path = ''] = goFs
    return [fact(GO_FS_OPS[call], undefined, path)]
  }
  const dotnet = DOTNET_PATH.exec(text)
  if (dotnet) {
    const [, what, target = ''] = dotnet
    return [fact('open', what === 'port' ? 'device' : undefined, `'${target}'`)]
  }
  const javaFile = JAVA_FILE.exec(text) ?? JAVA_NIO.exec(text)
  if (javaFile) return [fact('open', undefined, javaFile[1] ?? '')]
  const javaNet = JAVA_NET.exec(text)
  if (javaNet) {
    const kind = javaNet[1] ?? javaNet[3] ?? ''
    if (kind === 'UnknownHost')
      return [fact('resolve', 'host', javaNet[2] ?? '')]
    return [fact(kind === 'Bind' ? 'bind' : verb(kind), undefined, '')]
  }
  const frame = FRAME.exec(text)
  if (frame) return [fact(FRAME_OPS[frame[1] ?? ''], undefined, '')]
  if (previous !== undefined && PY_FRAME.test(previous)) {
    const call = PY_CALL.exec(text)
    if (call) {
      const [, name = '', args = ''] = call
      const operation = PY_OPS[name] ?? verb(name)
      const tuple = PY_TUPLE.exec(args)
      if (tuple)
        return [
          {
            operation,
            object: 'port',
            target: `${tuple[1] === '' ? '0.0.0.0' : (tuple[1] ?? '')}:${tuple[2] ?? ''}`
          }
        ]
      return [
        fact(operation, operation === 'mkdir' ? 'directory' : undefined, args)
      ]
    }
    return []
  }
  const py = PY_FILENAME.exec(text)
  if (py) {
    const english = ENGLISH.exec(text)
    const operation = english === null ? undefined : verb(english[1] ?? '')
    return [fact(operation, undefined, `'${py[1] ?? ''}'`)]
  }
  const sshConnect = CONNECT_TO_PORT.exec(text)
  if (sshConnect) {
    const [, host = '', port = ''] = sshConnect
    return [{ operation: 'connect', object: 'port', target: `${host}:${port}` }]
  }
  const english = ENGLISH.exec(text)
  if (english) {
    const [, word = '', nounWord, rest = ''] = english
    let operation = verb(word)
    const kind = noun(nounWord)
    if (operation === 'create' && kind === 'directory') operation = 'mkdir'
    if (operation === 'open' && kind === 'unix-socket') operation = 'connect'
    if (nounWord?.toLowerCase() === 'listener') operation = 'listen'
    const found = fact(operation, kind, rest)
    if (operation === undefined && found.object === undefined) return []
    return [found]
  }
  const failed = FAILED_CALL.exec(text)
  if (failed) {
    const call = (failed[1] ?? '').toLowerCase()
    const operation: Operation | undefined =
      call === 'ip_add_membership' || call === 'mcast_join_group'
        ? 'join'
        : call === 'setsockopt'
          ? undefined
          : (C_OPS[call] ?? verb(call))
    return operation === undefined ? [] : [fact(operation, undefined, '')]
  }
  return []
}

export const operation = {
  id: 'operation',
  fact: 'operations',
  extract(log) {
    const facts: OperationFact[] = []
    let previous: LogLine | undefined
    for (const line of log.lines) {
      for (const found of readLine(line.text, previous?.text))
        if (found.operation !== undefined || found.object !== undefined)
          facts.push({ ...found, line: line.n })
      previous = line
    }
    return facts
  },
  describe: (fact) =>
    `${fact.operation ?? '?'} ${fact.object ?? '?'}${fact.target === undefined ? '' : ` ${fact.target}`}`,
  examples: [
    {
      input:
        'Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.24/containers/json": dial unix /var/run/docker.sock: connect: permission denied',
      output: ['connect unix-socket /var/run/docker.sock']
    },
    {
      input: 'listen tcp :8080: bind: permission denied',
      output: ['bind port :8080']
    },
    {
      input: 'dial tcp 10.0.0.5:5432: connect: connection refused',
      output: ['connect port 10.0.0.5:5432']
    },
    {
      input: 'dial tcp: lookup db.internal on 127.0.0.53:53: no such host',
      output: ['resolve host db.internal']
    },
    {
      input: 'open /dev/ttyUSB0: permission denied',
      output: ['open device /dev/ttyUSB0']
    },
    // The object after a few words that qualify it: a file, not a port.
    {
      input:
        'Failed opening the temp RDB file temp-91.rdb (in server root dir /data) for saving: Permission denied',
      output: ['open file']
    },
    {
      input: 'unable to open the primary serial port: Permission denied',
      output: ['open device']
    },
    {
      input: 'mkdir /srv/data/cache: permission denied',
      output: ['mkdir directory /srv/data/cache']
    },
    {
      input: 'fork/exec /opt/app/run.sh: permission denied',
      output: ['exec file /opt/app/run.sh']
    },
    {
      input: 'Error: listen EACCES: permission denied 0.0.0.0:80',
      output: ['listen port 0.0.0.0:80']
    },
    {
      input: 'Error: connect EACCES /var/run/docker.sock',
      output: ['connect unix-socket /var/run/docker.sock']
    },
    {
      input: 'Error: listen EADDRINUSE: address already in use :::3000',
      output: ['listen port :::3000']
    },
    {
      input: "Error: EACCES: permission denied, open '/dev/ttyACM1'",
      output: ['open device /dev/ttyACM1']
    },
    {
      input:
        "Error: EACCES: permission denied, mkdir '/usr/lib/node_modules/x'",
      output: ['mkdir directory /usr/lib/node_modules/x']
    },
    {
      input: 'Error: spawn ./bin/tool EACCES',
      output: ['exec file ./bin/tool']
    },
    {
      input:
        'nginx: [emerg] bind() to 0.0.0.0:80 failed (13: Permission denied)',
      output: ['bind port 0.0.0.0:80']
    },
    {
      input:
        'connect() to unix:/run/php/php-fpm.sock failed (13: Permission denied) while connecting to upstream',
      output: ['connect unix-socket /run/php/php-fpm.sock']
    },
    {
      input:
        '[core:error] (13)Permission denied: AH00099: could not create /opt/web/logs/server.pid',
      output: ['create file /opt/web/logs/server.pid']
    },
    {
      input:
        '(13)Permission denied: AH00072: make_sock: could not bind to address 0.0.0.0:80',
      output: ['bind port 0.0.0.0:80']
    },
    {
      input: 'failed to create directory `/home/me/.cache/tool/index`',
      output: ['mkdir directory /home/me/.cache/tool/index']
    },
    {
      input:
        "PermissionError: [Errno 13] Permission denied: '/var/run/myapp.pid'",
      output: ['? file /var/run/myapp.pid']
    },
    {
      input:
        'File "/srv/app/server.py", line 12, in main\n  sock.bind(("0.0.0.0", 5000))\nOSError: [Errno 98] Address already in use',
      output: ['bind port 0.0.0.0:5000']
    },
    {
      input:
        'File "/usr/lib/python3/socketserver.py", line 466, in server_bind\n  self.socket.bind(self.server_address)',
      output: ['bind port']
    },
    {
      input:
        "serial.serialutil.SerialException: [Errno 13] could not open port /dev/ttyUSB0: [Errno 13] Permission denied: '/dev/ttyUSB0'",
      output: ['open device /dev/ttyUSB0']
    },
    {
      input: 'Error: Permission denied, cannot open /dev/video2',
      output: ['open device /dev/video2']
    },
    {
      input:
        "Unhandled exception. System.UnauthorizedAccessException: Access to the path '/data/out' is denied.",
      output: ['open file /data/out']
    },
    {
      input:
        "System.UnauthorizedAccessException: Access to the port 'COM4' is denied.",
      output: ['open device COM4']
    },
    {
      input:
        '   at System.Net.Sockets.Socket.DoBind(EndPoint endPointSnapshot, SocketAddress socketAddress)',
      output: ['bind port']
    },
    {
      input:
        'java.io.FileNotFoundException: /var/log/app/app.log (Permission denied)',
      output: ['open file /var/log/app/app.log']
    },
    {
      input: 'shm_open failed: Permission denied (/dev/shm/ring0)',
      output: ['shm-open ?']
    },
    {
      input:
        'Failed to join multicast group on address 169.254.10.20 with error',
      output: ['join address 169.254.10.20']
    },
    {
      input:
        'Unable to bind UDP port 224.0.0.224:7446 at /home/u/.cargo/registry/src/zenoh-1.2.1/src/net/runtime/orchestrator.rs:649',
      output: ['bind port 224.0.0.224:7446']
    },
    {
      input:
        'Unable to open listener tcp/[::]:7447: Can not create a new TCP listener bound to tcp/[::]:7447',
      output: ['listen port [::]:7447']
    },
    {
      input: 'Unable to create POSIX shm segment: Cannot allocate memory',
      output: ['create shm']
    },
    {
      input:
        'read tcp 192.168.1.5:50000->192.168.1.40:9090: wsarecv: An existing connection was forcibly closed',
      output: ['recv port 192.168.1.40:9090']
    },
    {
      input: 'failed to open zenoh session at /src/zenoh/session.rs:120',
      output: ['open ?']
    },
    {
      input: 'ssh: connect to host 10.20.30.40 port 22: Permission denied',
      output: ['connect port 10.20.30.40:22']
    },
    {
      input:
        'nc: connect to 192.168.1.9 port 7447 (tcp) failed: Connection refused',
      output: ['connect port 192.168.1.9:7447']
    },
    {
      input: 'please connect to host support and port the settings over',
      output: []
    },
    { input: 'Error: Permission denied (os error 13)', output: [] },
    { input: 'OSError: [Errno 98] Address already in use', output: [] },
    {
      input: 'File "/srv/app/main.py", line 3, in <module>\n  import numpy',
      output: []
    },
    {
      input: 'Opening the settings page failed to render in 2.3.4 on /docs',
      output: []
    }
  ]
} satisfies Extractor<'operations'>

const GERUNDS: Record<'en' | 'zh', Record<Operation, string>> = {
  en: {
    bind: 'binding',
    listen: 'listening on',
    connect: 'connecting to',
    accept: 'accepting on',
    send: 'sending to',
    recv: 'receiving from',
    join: 'joining a group on',
    resolve: 'resolving',
    open: 'opening',
    create: 'creating',
    mkdir: 'creating',
    remove: 'removing',
    rename: 'renaming',
    exec: 'running',
    mmap: 'mapping',
    mlock: 'locking',
    'shm-open': 'opening',
    ioctl: 'controlling'
  },
  zh: {
    bind: '绑定',
    listen: '监听',
    connect: '连接',
    accept: '接受连接于',
    send: '发送到',
    recv: '接收自',
    join: '加入组播组于',
    resolve: '解析',
    open: '打开',
    create: '创建',
    mkdir: '创建',
    remove: '删除',
    rename: '重命名',
    exec: '运行',
    mmap: '映射',
    mlock: '锁定',
    'shm-open': '打开',
    ioctl: '控制'
  }
}

const NOUN_WORDS: Record<'en' | 'zh', Record<ObjectKind, string>> = {
  en: {
    port: 'the address',
    address: 'the address',
    host: 'the host name',
    'unix-socket': 'the unix socket',
    pipe: 'the named pipe',
    file: 'the file',
    directory: 'the directory',
    path: 'the path',
    device: 'the device',
    shm: 'the shared-memory segment'
  },
  zh: {
    port: '地址',
    address: '地址',
    host: '主机名',
    'unix-socket': 'unix 套接字',
    pipe: '命名管道',
    file: '文件',
    directory: '目录',
    path: '路径',
    device: '设备',
    shm: '共享内存段'
  }
}

/**
 * Say a failed call and its object in words, for evidence: `connecting to the unix socket
 * /var/run/docker.sock` (en), `连接 unix 套接字 /var/run/docker.sock 时` (zh).
 * @param fact The operation fact.
 * @param locale `en` or a Chinese locale (`zh-CN`); other locales get English.
 * @returns The phrase, without a leading "while"; the target is redacted like log lines are.
 */
export function describeOperation(
  fact: Pick<OperationFact, 'operation' | 'object' | 'target'>,
  locale: string
): string {
  const lang = locale.startsWith('zh') ? 'zh' : 'en'
  const verbWord =
    fact.operation === undefined
      ? lang === 'zh'
        ? '访问'
        : 'accessing'
      : GERUNDS[lang][fact.operation]
  const nounWord =
    fact.object === undefined
      ? ''
      : fact.object === 'port' && fact.target === undefined
        ? lang === 'zh'
          ? '端口'
          : 'a port'
        : NOUN_WORDS[lang][fact.object]
  const words = [
    verbWord,
    nounWord,
    fact.target === undefined ? '' : redact(fact.target)
  ].filter((word) => word !== '')
  if (lang === 'zh') {
    const [head = '', ...tail] = words
    const glued = /^[A-Za-z]/.test(nounWord)
      ? `${head} ${nounWord}`
      : `${head}${nounWord}`
    const rest = nounWord === '' ? tail : tail.slice(1)
    return `${[glued, ...rest].join(' ')} 时`
  }
  return words.join(' ')
}
