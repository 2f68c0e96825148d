/**
 * Read OS errors by their symbolic names in every runtime's spelling: `EADDRINUSE` (Node `listen
 * EADDRINUSE`, Android `bind failed: EADDRINUSE (…)`, strace `= -1 ENODEV (No such device)`, Go
 * `syscall.ENOTCONN`), aliases (`EWOULDBLOCK`), Erlang/Elixir atoms (`{error,econnrefused}`,
 * `:eaddrinuse`), Windows `WSAECONNREFUSED` and `ERROR_ACCESS_DENIED`, .NET
 * `SocketError.AddressAlreadyInUse`, libuv `UV_EADDRINUSE`, the Python exception classes that stand
 * for one errno (`ConnectionResetError`), and Chromium's `net::ERR_CONNECTION_REFUSED`.
 */
import { errnoBySymbol } from '../../kb/errno.ts'
import type { OsErrorFact } from '../types.ts'
import type { Extractor } from './types.ts'

/** .NET `System.Net.Sockets.SocketError` members → errno. */
const SOCKET_ERRORS: Record<string, string> = {
  AccessDenied: 'EACCES',
  AddressAlreadyInUse: 'EADDRINUSE',
  AddressFamilyNotSupported: 'EAFNOSUPPORT',
  AddressNotAvailable: 'EADDRNOTAVAIL',
  AlreadyInProgress: 'EALREADY',
  ConnectionAborted: 'ECONNABORTED',
  ConnectionRefused: 'ECONNREFUSED',
  ConnectionReset: 'ECONNRESET',
  DestinationAddressRequired: 'EDESTADDRREQ',
  Fault: 'EFAULT',
  HostDown: 'EHOSTDOWN',
  HostUnreachable: 'EHOSTUNREACH',
  InProgress: 'EINPROGRESS',
  Interrupted: 'EINTR',
  InvalidArgument: 'EINVAL',
  IsConnected: 'EISCONN',
  MessageSize: 'EMSGSIZE',
  NetworkDown: 'ENETDOWN',
  NetworkReset: 'ENETRESET',
  NetworkUnreachable: 'ENETUNREACH',
  NoBufferSpaceAvailable: 'ENOBUFS',
  NotConnected: 'ENOTCONN',
  NotSocket: 'ENOTSOCK',
  OperationNotSupported: 'EOPNOTSUPP',
  ProtocolFamilyNotSupported: 'EPFNOSUPPORT',
  ProtocolNotSupported: 'EPROTONOSUPPORT',
  ProtocolOption: 'ENOPROTOOPT',
  ProtocolType: 'EPROTOTYPE',
  Shutdown: 'ESHUTDOWN',
  SocketNotSupported: 'ESOCKTNOSUPPORT',
  TimedOut: 'ETIMEDOUT',
  TooManyOpenSockets: 'EMFILE',
  WouldBlock: 'EAGAIN'
}

/** Chromium's net error names (`net/base/net_error_list.h`) that are an OS error under another name. */
const NET_ERRORS: Record<string, string> = {
  ACCESS_DENIED: 'EACCES',
  ADDRESS_INVALID: 'EADDRNOTAVAIL',
  ADDRESS_IN_USE: 'EADDRINUSE',
  ADDRESS_UNREACHABLE: 'EHOSTUNREACH',
  CONNECTION_ABORTED: 'ECONNABORTED',
  CONNECTION_REFUSED: 'ECONNREFUSED',
  CONNECTION_RESET: 'ECONNRESET',
  CONNECTION_TIMED_OUT: 'ETIMEDOUT',
  FILE_NOT_FOUND: 'ENOENT',
  NETWORK_ACCESS_DENIED: 'EACCES',
  OUT_OF_MEMORY: 'ENOMEM',
  SOCKET_NOT_CONNECTED: 'ENOTCONN'
}

/** Python's OSError subclasses that stand for exactly one errno (PEP 3151). */
const PYTHON_ERRORS: Record<string, string> = {
  ChildProcessError: 'ECHILD',
  ConnectionAbortedError: 'ECONNABORTED',
  ConnectionRefusedError: 'ECONNREFUSED',
  ConnectionResetError: 'ECONNRESET',
  FileExistsError: 'EEXIST',
  FileNotFoundError: 'ENOENT',
  IsADirectoryError: 'EISDIR',
  NotADirectoryError: 'ENOTDIR',
  ProcessLookupError: 'ESRCH'
}

const FORMS: {
  pattern: RegExp
  read: (word: string) => { name: string; os: OsErrorFact['os'] } | undefined
}[] = [
  {
    pattern: /\b(?:UV_)?((?:WSA)?E[A-Z0-9]{2,15}|ERROR_[A-Z_]{3,40})\b/g,
    read: (word) => errnoBySymbol(word)
  },
  {
    pattern: /(?:\{error,\s{0,3}|:)(e[a-z0-9]{3,15})\b/g,
    read: (word) => errnoBySymbol(word.toUpperCase())
  },
  {
    pattern:
      /\bSocketError(?:Code)?\s{0,3}[.:=]\s{0,3}([A-Z][A-Za-z]{3,40})\b/g,
    read: (word) => {
      const name = SOCKET_ERRORS[word]
      return name === undefined ? undefined : { name, os: undefined }
    }
  },
  {
    pattern: /\bERR_([A-Z_]{6,40})\b/g,
    read: (word) => {
      const name = NET_ERRORS[word]
      return name === undefined ? undefined : { name, os: undefined }
    }
  },
  {
    pattern: /\b([A-Z][A-Za-z]{3,30}Error)\b/g,
    read: (word) => {
      const name = PYTHON_ERRORS[word]
      return name === undefined ? undefined : { name, os: undefined }
    }
  }
]

export const errnoName = {
  id: 'errno-name',
  fact: 'errors',
  extract(log) {
    const facts: OsErrorFact[] = []
    for (const line of log.lines) {
      for (const { pattern, read } of FORMS) {
        for (const match of line.text.matchAll(pattern)) {
          const found = read(match[1] ?? '')
          if (found === undefined) continue
          if (
            facts.some(
              (fact) => fact.line === line.n && fact.errno === found.name
            )
          )
            continue
          facts.push({
            errno: found.name,
            code: undefined,
            os: match[0].startsWith('WSA') ? 'windows' : found.os,
            form: 'name',
            line: line.n
          })
        }
      }
    }
    return facts
  },
  describe: (fact) => `${fact.errno} ${fact.os ?? '-'}`,
  examples: [
    {
      input: 'Error: listen EADDRINUSE: address already in use :::3000',
      output: ['EADDRINUSE -']
    },
    {
      input: 'setsockopt failed: ENODEV (No such device)',
      output: ['ENODEV -']
    },
    {
      input: 'connect failed: WSAECONNREFUSED',
      output: ['ECONNREFUSED windows']
    },
    {
      input: 'recv: ENOTCONN, and ENFILE on the next try',
      output: ['ENOTCONN -', 'ENFILE -']
    },
    { input: 'read: EWOULDBLOCK', output: ['EAGAIN -'] },
    {
      input: 'CreateFile failed: ERROR_ACCESS_DENIED',
      output: ['EACCES windows']
    },
    {
      input: '** (exit) {:shutdown, :eaddrinuse}',
      output: ['EADDRINUSE -']
    },
    { input: '{error,econnrefused}', output: ['ECONNREFUSED -'] },
    {
      input: 'SocketErrorCode: AddressAlreadyInUse',
      output: ['EADDRINUSE -']
    },
    {
      input: 'GET http://localhost:3000/ net::ERR_CONNECTION_REFUSED',
      output: ['ECONNREFUSED -']
    },
    { input: 'uv_listen: UV_EADDRINUSE', output: ['EADDRINUSE -'] },
    {
      input: 'ConnectionResetError: Connection lost',
      output: ['ECONNRESET -']
    },
    { input: 'ERROR and EXCEPTION are not errno names', output: [] },
    {
      input:
        'net::ERR_NAME_NOT_RESOLVED, Error: getaddrinfo ENOTFOUND x, Custom { kind: NotFound }, TimeoutError',
      output: []
    }
  ]
} satisfies Extractor<'errors'>
