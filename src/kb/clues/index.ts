/**
 * @module kb/clues
 * The ordered registry of clue kinds (their syntax): one line per file in this folder. The order is
 * the order authors see in messages (`expected one of …`): the leaves first, the groups last. Each
 * kind's meaning for a log is registered in the same order in `src/match/clues/index.ts`.
 */
import { address } from './address.ts'
import { all } from './all.ts'
import { any } from './any.ts'
import { errno } from './errno.ts'
import { not } from './not.ts'
import { object } from './object.ts'
import { operation } from './operation.ts'
import { platform } from './platform.ts'
import { port } from './port.ts'
import { product } from './product.ts'
import { regex } from './regex.ts'
import { text } from './text.ts'
import type { ClueSyntax } from './types.ts'

export const clueSyntaxes = [
  text,
  regex,
  errno,
  address,
  port,
  operation,
  object,
  platform,
  product,
  all,
  any,
  not
] as const satisfies readonly ClueSyntax[]

/** The compiled clue of a syntax. */
export type ClueOf<S> = S extends ClueSyntax<infer C> ? C : never

/** One clue of an article's `signatures` (see kb/README.md), of any registered kind. */
export type Clue = ClueOf<(typeof clueSyntaxes)[number]>

/** The kinds of the registry. */
export type ClueKindId = Clue['kind']

export type { ClueCommon, ClueIssue, ClueReader, ClueSyntax } from './types.ts'
