/**
 * `remedy serve` (and the bot, through the same services) started on an index from `remedy build`
 * (`KB_DIR=dist/kb.json`): the same articles and answers as from the folder, without parsing Markdown,
 * and a `/kb reload` that reads the index again. A missing index is a clear error.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { createServices } from '../../src/interactions/services.ts'
import { KB_INDEX_UNREADABLE } from '../../src/errors.ts'
import { startHttp } from '../../src/http/run.ts'
import { serializeKb } from '../../src/kb/index-file.ts'
import { createLogger } from '../../src/log.ts'
import { evalLog } from '../eval-set.ts'
import { countPublishedArticles } from '../kb-files.ts'
import { loadRealKb } from '../real-kb.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function buildIndex(): Promise<{ dir: string; index: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'remedy-index-'))
  const index = join(dir, 'kb.json')
  writeFileSync(index, serializeKb((await loadRealKb()).kb))
  return { dir, index }
}

describe('a KB index as KB_DIR', () => {
  it('should serve the same articles and answers as the folder', async () => {
    const { dir, index } = await buildIndex()
    const config = loadConfig(
      { KB_DIR: index, PORT: '0', LOG_LEVEL: 'silent' },
      dir
    )
    const server = await startHttp({
      config,
      log: createLogger('silent'),
      poolSize: 1
    })
    try {
      const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
        articles: number
      }
      expect(health.articles).toBe(countPublishedArticles(join(ROOT, 'kb')))
      const response = await fetch(`${server.url}/api/diagnose`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ log: evalLog('dora-001') })
      })
      expect(response.status).toBe(200)
      expect(
        ((await response.json()) as { matches: { id: string }[] }).matches[0]
          ?.id
      ).toBe('zenoh-multicast-bind-failed')
      const reload = await server.services.reloadKb()
      expect(reload.replaced).toBe(true)
    } finally {
      await server.close()
    }
  }, 30_000)

  it('should refuse an index that is not there, saying how to make one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remedy-index-'))
    const missing = join(dir, 'nope.json')
    const config = loadConfig({ KB_DIR: missing, LOG_LEVEL: 'silent' }, dir)
    await expect(
      createServices({ config, log: createLogger('silent'), transport: 'http' })
    ).rejects.toThrow(
      KB_INDEX_UNREADABLE(
        missing,
        `ENOENT: no such file or directory, open '${missing}'`
      )
    )
  })
})
