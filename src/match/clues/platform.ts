/**
 * `platform`: the log shows signs of one of the platforms. Triggered by the platform facts.
 */
import {
  platform as syntax,
  type PlatformClue
} from '../../kb/clues/platform.ts'
import { factHit } from './hit.ts'
import type { ClueKind } from './types.ts'

export const platform: ClueKind<PlatformClue> = {
  id: 'platform',
  syntax,
  triggers: (clue) => clue.values.map((value) => `platform:${value}`),
  offers: (ctx) =>
    ctx.facts.platforms.map((fact) => `platform:${fact.platform}`),
  evaluate: (clue, ctx) =>
    factHit(
      ctx.facts.platforms,
      (fact) => clue.values.includes(fact.platform),
      (fact) => `${fact.platform} (${fact.hint})`
    ),
  examples: [
    {
      clue: { platform: 'wsl' },
      log: 'cd /mnt/c/Users/me/project\nError: listen EADDRINUSE',
      holds: true
    },
    {
      clue: { platform: 'windows' },
      log: 'cd /home/me/project\nError: listen EADDRINUSE',
      holds: false
    }
  ]
}
