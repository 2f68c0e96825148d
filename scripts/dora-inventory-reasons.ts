/**
 * @module scripts/dora-inventory-reasons
 * The reasons the dora inventory (`kb/dora/_messages.json`) gives for a message no article explains.
 */

/** Why a message has no article; the test accepts exactly these. */
export const REASONS = {
  invariant:
    'internal invariant: a panic or a should-not-happen check; a dora bug to report',
  hint: 'self-explanatory: dora prints the cause and the fix with it (`hint:`)',
  plumbing:
    'internal plumbing between dora processes: a symptom; the cause is the error or exit beside it',
  wrapper:
    'wrapper: the cause printed under it (`Caused by:`) decides the article',
  info: 'informational or a warning dora recovers from; nothing for the user to fix',
  uncovered: 'not covered yet: user-facing, no article explains it'
} as const
