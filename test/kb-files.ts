/**
 * The articles of a KB folder as its files say, counted without the engine: every `<id>.md` in a
 * collection, less guides (`_guide.md`), translations (`<id>.<locale>.md`) and drafts. Tests compare
 * what the loader, the index and the server report with this, so adding an article breaks none.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const TRANSLATION = /\.[a-z]{2}(?:-[A-Z]{2})?\.md$/

/**
 * Count the published article files of a KB folder.
 * @param dir The KB root (`kb/`).
 * @returns How many articles it serves.
 */
export function countPublishedArticles(dir: string): number {
  let count = 0
  for (const collection of readdirSync(dir, { withFileTypes: true })) {
    if (!collection.isDirectory()) continue
    for (const name of readdirSync(join(dir, collection.name))) {
      if (!name.endsWith('.md') || name.startsWith('_')) continue
      if (TRANSLATION.test(name)) continue
      const text = readFileSync(join(dir, collection.name, name), 'utf8')
      if (/^status:\s*draft\s*$/m.test(text.split(/^---\s*$/m)[1] ?? ''))
        continue
      count += 1
    }
  }
  return count
}
