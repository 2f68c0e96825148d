/**
 * Families of messages that an article's `examples` cannot hold because the honest answer is a
 * candidate, not a confident match, and the look-alikes each family must leave alone. Each row says
 * which article must rank first (or must not be answered) and why: what failed, on what, decides.
 */
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadKb } from '../src/kb/load.ts'
import { diagnose } from '../src/match/diagnose.ts'
import { createMatcher, type Matcher } from '../src/match/matcher.ts'

let matcher: Matcher
beforeAll(async () => {
  matcher = createMatcher(
    (await loadKb(join(import.meta.dirname, '..', 'kb'))).kb
  )
})

interface Row {
  why: string
  log: string
  /** The article ranked first (as a match or the first candidate). */
  first?: string
  /** An article that must not be ranked first. */
  notFirst?: string
  /** An article that must not be a confident match. */
  notMatch?: string
}

const rows: Row[] = [
  // A multicast join, however the runtime names the call.
  {
    why: 'Haskell and Node name the join addMembership',
    log: 'Network.Multicast: addMembership: failed (No such device)',
    first: 'multicast-route-interface'
  },
  {
    why: 'Rust names the join join_multicast_v4',
    log: 'Error: join_multicast_v4 failed: Invalid argument (os error 22)',
    first: 'multicast-route-interface'
  },
  {
    why: 'adding a member to a team is not a multicast join',
    log: 'how do I add membership for a new user in the admin panel?',
    notFirst: 'multicast-route-interface'
  },
  // EADDRNOTAVAIL on a send is the route to the destination, not a local address to bind.
  {
    why: 'a sendto that cannot assign the address is the route or the interface for the destination',
    log: [
      'Traceback (most recent call last):',
      '  File "/srv/discovery/announce.py", line 40, in announce',
      '    sock.sendto(packet, ("224.0.0.251", 5353))',
      "OSError: [Errno 49] Can't assign requested address"
    ].join('\n'),
    first: 'multicast-route-interface',
    notFirst: 'addr-not-available-bind'
  },
  {
    why: 'a bind that cannot assign the address stays a local-address problem',
    log: [
      'Traceback (most recent call last):',
      '  File "server.py", line 12, in <module>',
      '    sock.bind(("10.9.8.7", 8000))',
      'OSError: [Errno 99] Cannot assign requested address'
    ].join('\n'),
    first: 'addr-not-available-bind'
  },
  // EACCES or EPERM on an outgoing connect is a local rule, not a port to bind.
  {
    why: 'ssh says the connect itself was refused by this machine',
    log: 'ssh: connect to host 10.20.30.40 port 22: Permission denied',
    first: 'firewall-blocking',
    notFirst: 'permission-denied-bind'
  },
  {
    why: 'Go names the connect that failed',
    log: 'dial tcp 10.0.0.7:7447: connect: operation not permitted',
    first: 'firewall-blocking'
  },
  {
    why: 'a connect on a unix socket with the same error is its permissions, not a firewall',
    log: 'Got permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: dial unix /var/run/docker.sock: connect: permission denied',
    first: 'docker-daemon-socket',
    notFirst: 'firewall-blocking'
  },
  {
    why: 'EACCES on a listen is still the privileged port',
    log: 'Error: listen EACCES: permission denied 0.0.0.0:80',
    first: 'permission-denied-bind'
  },
  // A scouted peer was found: discovery works, reaching it does not.
  {
    why: 'a peer that was scouted but cannot be reached is the advertised addresses',
    log: [
      'WARN zenoh::net::runtime::orchestrator: Unable to connect to any locator of scouted peer 0a1b2c3d4e5f60718293a4b5c6d7e8f9: [tcp/[::1]:41000]',
      'WARN zenoh::net::runtime::orchestrator: Scouting delay elapsed before start conditions are met.'
    ].join('\n'),
    first: 'vpn-multi-interface',
    notFirst: 'multicast-blocked-silent'
  },
  {
    why: 'the scouting delay alone is still discovery that found nothing',
    log: 'WARN zenoh::net::runtime::orchestrator: Scouting delay elapsed before start conditions are met.',
    first: 'multicast-blocked-silent'
  },
  // Cyclone DDS picking one of several interfaces by itself.
  {
    why: 'Cyclone DDS says it chose the interface arbitrarily among several',
    log: '1700000000.000001 [0]  listener: using network interface wlan0 (udp/10.3.2.1) selected arbitrarily from: wlan0, eth1, docker0',
    first: 'vpn-multi-interface'
  },
  {
    why: 'an interface the user selected is not the problem',
    log: '1700000000.000001 [0]  listener: using network interface wlan0 (udp/10.3.2.1) selected by user',
    notMatch: 'vpn-multi-interface'
  },
  // Shared memory exhausted, in the words of other middleware.
  {
    why: 'iceoryx pools that ran out of chunks',
    log: 'Mempool [m_chunkSize = 8256, numberOfChunks = 1024, used_chunks = 1024 ] has no more space left',
    first: 'shm-failure'
  },
  {
    why: 'SIGBUS while clearing a shared-memory segment is /dev/shm too small',
    log: 'a fatal SIGBUS signal appeared while zeroing the shared memory segment /roudi_mgmt',
    first: 'shm-failure'
  },
  {
    why: 'a bus error with no shared memory in sight is not it',
    log: 'Bus error (core dumped)',
    notFirst: 'shm-failure'
  },
  // Python that found no script at a dora node's path.
  {
    why: "Python's can't open file for a node script is the node path",
    log: "camera on default daemon : stdout    /usr/bin/python3: can't open file '/srv/robot/_work/camera/main.py': [Errno 2] No such file or directory",
    first: 'node-path-not-found'
  },
  {
    why: 'the operator runtime missing from a uv env is the uv article',
    log: "INFO dataflow on daemon op stderr: /home/ryo/robot/.dora/python-envs/op/bin/python: can't open file '/home/ryo/robot/runtime': [Errno 2] No such file or directory",
    first: 'uv-managed-env',
    notFirst: 'node-path-not-found'
  }
]

describe('message families', () => {
  for (const row of rows) {
    const title =
      row.first !== undefined
        ? `rank ${row.first} first`
        : row.notFirst !== undefined
          ? `not rank ${row.notFirst} first`
          : `not match ${row.notMatch ?? ''}`
    it(`should ${title}: ${row.why}`, () => {
      const diagnosis = diagnose(matcher, row.log)
      const first = [...diagnosis.matches][0]?.id
      if (row.first !== undefined) {
        expect(diagnosis.verdict).not.toBe('none')
        expect(first).toBe(row.first)
      }
      if (row.notFirst !== undefined) expect(first).not.toBe(row.notFirst)
      if (row.notMatch !== undefined)
        expect(
          diagnosis.verdict === 'match'
            ? diagnosis.matches.map((m) => m.id)
            : []
        ).not.toContain(row.notMatch)
    })
  }
})
