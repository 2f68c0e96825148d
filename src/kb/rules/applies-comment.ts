/**
 * `applies-comment`: A step's `<!-- applies: … -->` comment names known platforms and npm semver ranges.
 */
import { article } from './fixture.ts'
import type { LintRule } from './types.ts'

export const appliesComment = {
  id: 'applies-comment',
  fatal: true,
  description:
    "A step's `<!-- applies: … -->` comment names known platforms and npm semver ranges.",
  messages: {
    /** The parser's own message (`parseApplies` in kb/steps.ts). */
    invalid: (message: string) => message
  },
  examples: [
    {
      name: 'an unknown platform',
      ok: {
        'demo/port-in-use.md': article([
          '1. Find',
          '1. <!-- applies: platform=wsl --> Find'
        ])
      },
      notOk: {
        'demo/port-in-use.md': article([
          '1. Find',
          '1. <!-- applies: platform=beos --> Find'
        ])
      },
      messages: [
        'demo/port-in-use.md:24:4: Unexpected platform `beos`, expected one of `linux`, `wsl`, `macos`, `windows`, `docker`'
      ]
    }
  ]
} satisfies LintRule
