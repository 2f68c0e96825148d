/**
 * `remedy diagnose shot.png` (issue 17): a screenshot is told apart from a log by its content (the
 * file here has no extension), read with OCR and diagnosed; `--json` is the text path's JSON plus
 * `image` (the recognised text and the values to check), and every version, address and errno fact
 * carries its certainty.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../src/cli/index.ts'
import { IMAGE_UNREADABLE } from '../../src/errors.ts'
import type { DiagnosisJson } from '../../src/render/json.ts'
import { evalLog } from '../eval-set.ts'
import { missingFonts, renderScreenshot, STYLES } from './render.ts'

const root = join(import.meta.dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'remedy-ocr-cli-'))
const shot = join(dir, 'shot')
const missing = missingFonts()
if (missing.length > 0)
  console.warn(
    `test/ocr/cli.test.ts: skipped, fonts missing: ${missing.join(', ')}`
  )

beforeAll(async () => {
  const style = STYLES.find((candidate) => candidate.id === 'dark-dejavu-100')
  if (style === undefined) throw new Error('test: no dark style')
  writeFileSync(shot, await renderScreenshot(evalLog('dora-001'), style))
})

async function run(
  args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  let code = 0
  const returned = await main(['node', 'remedy', ...args], {
    out: (text) => (out += text),
    err: (text) => (err += text),
    readStdin: () => Promise.resolve(Buffer.from('')),
    cwd: root,
    env: {},
    setExitCode: (value) => {
      code = value
    }
  })
  return { code: code || returned, out, err }
}

describe.skipIf(missing.length > 0)('remedy diagnose with a screenshot', () => {
  it('should print the JSON of the text path plus what was read and how sure', async () => {
    const { code, out } = await run(['diagnose', shot, '--json'])
    expect(code).toBe(0)
    const json = JSON.parse(out) as DiagnosisJson
    expect(json.verdict).toBe('match')
    expect(json.matches[0]?.id).toBe('zenoh-multicast-bind-failed')
    expect(json.image?.text).toContain('Cannot assign requested address')
    // Every version, address and errno number read from the image says how sure it is.
    for (const fact of [
      ...json.facts.products.filter((p) => p.version !== undefined),
      ...json.facts.addresses
    ])
      expect(fact.certainty?.fromImage).toBe(true)
    // The values not read for certain are the ones the answer asks to check.
    const unsure = json.facts.products
      .filter((product) => product.certainty?.certain === false)
      .map(
        (product) =>
          `check that your ${product.name} version is ${product.version ?? ''}`
      )
    for (const check of unsure)
      expect(json.image?.unsure.map((item) => item.check)).toContain(check)
  }, 90_000)

  it('should show people what was read under the answer', async () => {
    const { out } = await run(['diagnose', shot])
    expect(out).toMatch(/^This log matches a known problem\./)
    expect(out).toContain('Read from the image (OCR confidence')
  }, 90_000)

  it('should say plainly when an image cannot be decoded', async () => {
    const broken = join(dir, 'broken.png')
    // A PNG header that declares a small picture, then garbage.
    const header = Buffer.alloc(33)
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header)
    header.writeUInt32BE(13, 8)
    header.write('IHDR', 12, 'ascii')
    header.writeUInt32BE(100, 16)
    header.writeUInt32BE(100, 20)
    writeFileSync(broken, Buffer.concat([header, Buffer.alloc(64, 7)]))
    const { code, err } = await run(['diagnose', broken])
    expect(code).toBe(2)
    expect(err).toContain(IMAGE_UNREADABLE('').slice(0, 28))
    expect(err).toContain('paste the error text instead')
  }, 30_000)
})
