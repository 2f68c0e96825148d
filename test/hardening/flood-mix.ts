/**
 * The flood of issue 14, shared by its test (`discord-flood.test.ts`) and its benchmark
 * (`bench/discord-flood.ts`): the archive a fifth of the interactions attach, and the interaction
 * each index sends, so the test and the bench measure the same mix.
 */
import { strToU8, zipSync } from 'fflate'
import type { FakeDiscord } from '../fake-discord/index.ts'
import { chatInput, messageCommand } from '../fake-discord/interactions.ts'

/**
 * A zip of 100 small logs (about 290 KB of text in all): one holds the error log.
 * @param log The log that the archive's `daemon.log` holds.
 * @returns The zip's bytes.
 */
export function floodArchive(log: string): Uint8Array {
  const files: Record<string, Uint8Array> = {}
  for (let i = 0; i < 99; i++)
    files[`node-${i}.log`] = strToU8(
      Array.from(
        { length: 40 },
        (_, line) =>
          `2025-03-18T10:00:${String(line).padStart(2, '0')}Z INFO node ${i} step ${line}: waiting for peers (${i * line})`
      ).join('\n')
    )
  files['daemon.log'] = strToU8(log)
  return zipSync(files)
}

/**
 * The `i`-th interaction of the flood, from its own user: an attached archive, Apps → Diagnose,
 * a public paste, or (twice in five) a private paste.
 * @param i The interaction's index.
 * @param fake The fake Discord that serves the attachment.
 * @param zip The archive (see {@link floodArchive}).
 * @param log The pasted log.
 * @returns The interaction payload.
 */
export function floodPayload(
  i: number,
  fake: Pick<FakeDiscord, 'addAttachment'>,
  zip: Uint8Array,
  log: string
): Record<string, unknown> {
  const actor = { userId: `5100000000000${String(i).padStart(5, '0')}` }
  switch (i % 5) {
    case 0: {
      const file = fake.addAttachment('logs.zip', zip, 'application/zip')
      return chatInput(
        'diagnose',
        [{ name: 'file', type: 11, value: file.id }],
        actor,
        { attachments: { [file.id]: file } }
      )
    }
    case 1:
      return messageCommand('Diagnose', { content: log }, actor)
    case 2:
      return chatInput(
        'diagnose',
        [
          { name: 'log', type: 3, value: log },
          { name: 'public', type: 5, value: true }
        ],
        actor
      )
    default:
      return chatInput(
        'diagnose',
        [{ name: 'log', type: 3, value: log }],
        actor
      )
  }
}
