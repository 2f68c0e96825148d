#!/usr/bin/env node
// Entry point of the `remedy` command: runs the TypeScript sources through tsx, so that
// `npx remedy …` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli/index.ts')
process.exitCode = await main(process.argv)
