// The engine benchmark's diagnosis worker (bench/engine.ts): the shipped build (dist/), in a worker
// thread started as the pool starts its workers (src/runner/pool.ts). It loads the KB, warms up on
// the KB's own examples as a pool worker does after it starts, then times the dev logs it is given
// and posts the times back.
import { parentPort, workerData } from 'node:worker_threads'
import { loadKb } from '../dist/kb/load.js'
import { diagnose } from '../dist/match/diagnose.js'
import { createMatcher } from '../dist/match/matcher.js'
import { warmupLogs } from '../dist/match/warmup.js'

const { kbDir, logs, rounds } = workerData
const matcher = createMatcher((await loadKb(kbDir)).kb)
const time = (log) => {
  const start = performance.now()
  diagnose(matcher, log)
  return performance.now() - start
}
const warmup = warmupLogs(matcher).map(time)
for (const log of logs) diagnose(matcher, log)
const times = []
for (let round = 0; round < rounds; round++)
  for (const log of logs) times.push(time(log))
parentPort.postMessage({ warmup, times })
