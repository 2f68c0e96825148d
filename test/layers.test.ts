/**
 * The layering lint (`eslint.config.js`, `no-restricted-imports` per folder of src/): every folder
 * has a rule, and the rules refuse the imports that break `cli, discord, http → interactions →
 * runner → render → match → kb` — above all an adapter importing the other adapter. Each row lints
 * a small in-memory file placed under src/ with the configuration ESLint computes for that path
 * (the real one), so a rule that stops applying to a folder fails here.
 */
import { readdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { ESLint, Linter } from 'eslint'
import tseslint from 'typescript-eslint'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const eslint = new ESLint({ cwd: ROOT })
const LAYER_RULES = [
  'no-restricted-imports',
  '@typescript-eslint/no-restricted-imports'
] as const

/** The layering rules ESLint applies to a file at this path. */
async function layeringFor(file: string): Promise<Linter.RulesRecord> {
  const config = (await eslint.calculateConfigForFile(file)) as {
    rules?: Linter.RulesRecord
  }
  const rules: Linter.RulesRecord = {}
  for (const name of LAYER_RULES) {
    const entry = config.rules?.[name]
    if (entry !== undefined) rules[name] = entry
  }
  return rules
}

/** Lint one in-memory file with the layering rules of its path; the messages it gets. */
async function lintImport(file: string, source: string): Promise<string[]> {
  const linter = new Linter({ configType: 'flat' })
  const messages = linter.verify(
    source,
    [
      {
        files: ['**/*.ts', '**/*.js'],
        languageOptions: { parser: tseslint.parser },
        plugins: { '@typescript-eslint': tseslint.plugin },
        rules: await layeringFor(file)
      }
    ],
    { filename: resolve(ROOT, file) }
  )
  return messages.map((message) => `${message.ruleId}: ${message.message}`)
}

/** Rows: where the file is, what it imports, whether the lint must refuse it. */
const ROWS: { file: string; source: string; refused: boolean }[] = [
  // The two adapters never import each other (issue 12).
  {
    file: 'src/http/probe.ts',
    source: "import { startBot } from '../discord/bot.ts'",
    refused: true
  },
  {
    file: 'src/http/probe.ts',
    source: "import { handleWatchedMessage } from '../discord/watch.ts'",
    refused: true
  },
  {
    file: 'src/discord/probe.ts',
    source: "import { createApp } from '../http/app.ts'",
    refused: true
  },
  {
    file: 'src/discord/deep/probe.ts',
    source: "import { createInteractions } from '../../http/interactions.ts'",
    refused: true
  },
  // Both adapters share the handler layer and the runner.
  {
    file: 'src/http/probe.ts',
    source: "import { createDispatcher } from '../interactions/dispatch.ts'",
    refused: false
  },
  {
    file: 'src/discord/probe.ts',
    source: "import { commands } from '../interactions/commands/index.ts'",
    refused: false
  },
  {
    file: 'src/http/probe.ts',
    source: "import { createRunner } from '../runner/index.ts'",
    refused: false
  },
  // discord.js only in the gateway adapter; Hono only in the HTTP one.
  {
    file: 'src/discord/probe.ts',
    source: "import { Client } from 'discord.js'",
    refused: false
  },
  {
    file: 'src/http/probe.ts',
    source: "import { Client } from 'discord.js'",
    refused: true
  },
  {
    file: 'src/http/probe.ts',
    source: "import { WebSocketManager } from '@discordjs/ws'",
    refused: true
  },
  {
    file: 'src/discord/probe.ts',
    source: "import { Hono } from 'hono'",
    refused: true
  },
  // The handler layer works on raw payloads and knows neither transport.
  {
    file: 'src/interactions/probe.ts',
    source: "import { Client } from 'discord.js'",
    refused: true
  },
  {
    file: 'src/interactions/commands/probe.ts',
    source: "import { startBot } from '../../discord/bot.ts'",
    refused: true
  },
  {
    file: 'src/interactions/probe.ts',
    source: "import { createApp } from '../http/app.ts'",
    refused: true
  },
  {
    file: 'src/interactions/probe.ts',
    source: "import type { REST } from '@discordjs/rest'",
    refused: false
  },
  {
    file: 'src/interactions/probe.ts',
    source: "import { createRunner } from '../runner/index.ts'",
    refused: false
  },
  // The runner sits under the handlers and over the renderer.
  {
    file: 'src/runner/probe.ts',
    source: "import { t } from '../interactions/messages.ts'",
    refused: true
  },
  {
    file: 'src/runner/probe.ts',
    source: "import { renderReply } from '../render/reply.ts'",
    refused: false
  },
  {
    file: 'src/runner/probe.ts',
    source: "import { Worker } from 'node:worker_threads'",
    refused: false
  },
  {
    file: 'src/render/probe.ts',
    source: "import { createDiagnosisPool } from '../runner/pool.ts'",
    refused: true
  },
  // The engine: match reads no files, kb imports nothing above it.
  {
    file: 'src/match/probe.ts',
    source: "import { readFile } from 'node:fs/promises'",
    refused: true
  },
  {
    file: 'src/match/probe.ts',
    source: "import type { Kb } from '../kb/types.ts'",
    refused: false
  },
  {
    file: 'src/kb/probe.ts',
    source: "import { diagnose } from '../match/diagnose.ts'",
    refused: true
  },
  {
    file: 'src/store/probe.ts',
    source: "import { t } from '../interactions/messages.ts'",
    refused: true
  },
  {
    file: 'src/lint/probe.ts',
    source: "import { renderReply } from '../render/reply.ts'",
    refused: true
  },
  // The OCR core sits beside src/import: the adapters and handlers use it, it uses none of them,
  // and only it loads the image decoder and the OCR engine (issue 17).
  {
    file: 'src/ocr/probe.ts',
    source: "import { Client } from 'discord.js'",
    refused: true
  },
  {
    file: 'src/ocr/probe.ts',
    source: "import { Hono } from 'hono'",
    refused: true
  },
  {
    file: 'src/ocr/probe.ts',
    source: "import { diagnose } from '../match/diagnose.ts'",
    refused: true
  },
  {
    file: 'src/ocr/probe.ts',
    source: "import Tesseract from 'tesseract.js'",
    refused: false
  },
  {
    file: 'src/match/probe.ts',
    source: "import sharp from 'sharp'",
    refused: true
  },
  {
    file: 'src/match/probe.ts',
    source: "import { createOcr } from '../ocr/engine.ts'",
    refused: true
  },
  {
    file: 'src/interactions/probe.ts',
    source: "import { createOcr } from '../ocr/engine.ts'",
    refused: false
  },
  {
    file: 'src/http/probe.ts',
    source: "import { readHeader } from '../ocr/image.ts'",
    refused: false
  },
  // The browser page may share the server's types, not its code.
  {
    file: 'src/web/probe.ts',
    source: "import type { PlaygroundView } from '../render/playground.ts'",
    refused: false
  },
  {
    file: 'src/web/probe.ts',
    source: "import { renderReply } from '../render/reply.ts'",
    refused: true
  },
  {
    file: 'src/web/probe.ts',
    source: "import { readFile } from 'node:fs/promises'",
    refused: true
  },
  // errors.ts and config.ts are imported by every layer and import none.
  {
    file: 'src/probe.ts',
    source: "import { loadKb } from './kb/load.ts'",
    refused: true
  },
  {
    file: 'src/index.ts',
    source: "export { startBot } from './discord/bot.ts'",
    refused: true
  },
  {
    file: 'src/cli/commands/probe.ts',
    source: "import { startHttp } from '../../http/run.ts'",
    refused: false
  }
]

describe('the layering lint', () => {
  it.each(ROWS)(
    'should judge $file importing `$source` (refused: $refused)',
    async ({ file, source, refused }) => {
      const messages = await lintImport(file, source)
      if (refused) {
        // A `node:fs` import is refused twice in the browser (as `node:fs` and as `node:*`).
        expect(messages.length).toBeGreaterThan(0)
        for (const message of messages)
          expect(message).toMatch(/no-restricted-imports: /)
      } else expect(messages).toEqual([])
    }
  )

  it('should have a rule for every folder under src/', async () => {
    const folders = readdirSync(resolve(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
    expect(folders).toContain('interactions')
    const missing: string[] = []
    for (const folder of folders) {
      const rules = await layeringFor(`src/${folder}/probe.ts`)
      if (Object.keys(rules).length === 0) missing.push(folder)
    }
    expect(missing).toEqual([])
  })
})
