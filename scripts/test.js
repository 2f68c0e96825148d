#!/usr/bin/env node
// `npm test`: build dist/ (the CLI tests run it), then the type check and the vitest suites side by
// side. tsc is one thread and the suite leaves a core idle whenever a file waits on a server, a
// child process or a timer, so running them together costs a few seconds instead of tsc's twenty.
// tsc's report is printed after the suite's; the run fails when either fails. Arguments go to
// vitest (`npm test -- test/cli.test.ts`). ESLint, Prettier and `remedy lint` are `npm run lint`.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)

const build = spawnSync(process.execPath, [join(root, 'scripts', 'build.js')], {
  cwd: root,
  stdio: 'inherit'
})
if (build.status !== 0) process.exit(build.status ?? 1)

/** Run a command; its exit code, and its output when `quiet` (printed later). */
function run(command, args, quiet) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit'
    })
    let output = ''
    if (quiet) {
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
    }
    child.on('error', (error) => resolve({ code: 1, output: String(error) }))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

const [typecheck, suites] = await Promise.all([
  run(bin('tsc'), ['--noEmit'], true),
  run(bin('vitest'), ['run', ...process.argv.slice(2)], false)
])
if (typecheck.code === 0) console.log('\ntsc --noEmit: no type errors')
else console.error(`\ntsc --noEmit failed:\n${typecheck.output}`)
process.exit(typecheck.code !== 0 ? typecheck.code : suites.code)
