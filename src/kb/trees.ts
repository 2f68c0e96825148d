/**
 * @module kb/trees
 * Markdown syntax trees kept from one compile of a KB to the next. Parsing is most of a compile
 * (remark and YAML take ~70 % of it), and after an edit nearly every file is as it was: the KB cache
 * (`cache.ts`) hands the loader the trees of the previous compile, keyed by each file's content, so
 * only the edited files are parsed again. A compile with no store of its own (`remedy lint`, a test,
 * a reload without the cache) uses the process's own store instead: the trees of the files parsed
 * by the previous compiles in this process, newest kept, up to {@link PROCESS_TREE_BYTES} of JSON.
 * A tree is kept as JSON text and parsed on use, so no caller can change the tree another compile
 * gets.
 */
import { createHash } from 'node:crypto'
import type { Root } from 'mdast'

/** Trees by content key, given out to a compile and collected from it. */
export interface TreeStore {
  /** The kept tree (as JSON text) of a file with this content, if any. */
  get: (key: string) => string | undefined
  /** Keep the tree of a file that was parsed (or reused) in this compile. */
  put: (key: string, json: string) => void
}

/** The most JSON text the process's own store keeps (about twice a 70-article KB's trees). */
export const PROCESS_TREE_BYTES = 8 * 1024 * 1024

/**
 * A store of trees in memory, least recently used first out, bounded by the length of their JSON.
 * @param maxBytes The most JSON text (in UTF-16 code units) it keeps.
 * @returns The store, and how much it holds.
 */
export function createMemoryTreeStore(
  maxBytes: number
): TreeStore & { size: () => number } {
  const trees = new Map<string, string>()
  let size = 0
  const drop = (key: string): void => {
    const json = trees.get(key)
    if (json === undefined) return
    trees.delete(key)
    size -= json.length
  }
  return {
    get: (key) => {
      const json = trees.get(key)
      if (json === undefined) return undefined
      // Used again: newest now.
      trees.delete(key)
      trees.set(key, json)
      return json
    },
    put: (key, json) => {
      drop(key)
      if (json.length > maxBytes) return
      trees.set(key, json)
      size += json.length
      for (const oldest of trees.keys()) {
        if (size <= maxBytes) break
        drop(oldest)
      }
    },
    size: () => size
  }
}

const processStore = createMemoryTreeStore(PROCESS_TREE_BYTES)
let active: TreeStore | undefined

/**
 * The key of a file's content.
 * @param text The file's text.
 * @returns A hex digest.
 */
export function treeKey(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/**
 * Parse a file's Markdown, or take its tree from the active store (or the process's own).
 * @param text The file's text (or, for a fragment, a text that cannot be a file's: its key).
 * @param parse The parser, for a text the store does not have.
 * @returns The syntax tree.
 */
export function parseWithStore<T = Root>(text: string, parse: () => T): T {
  const store = active ?? processStore
  const key = treeKey(text)
  const kept = store.get(key)
  if (kept !== undefined)
    try {
      const tree = JSON.parse(kept) as T
      store.put(key, kept)
      return tree
    } catch {
      // A damaged entry is parsed again.
    }
  const tree = parse()
  store.put(key, JSON.stringify(tree))
  return tree
}

/**
 * Run a compile with a tree store: every file parsed while `run` is pending goes through it.
 * @param store The trees of the previous compile, collecting this one's.
 * @param run The compile.
 * @returns What `run` returns.
 */
export async function withTreeStore<T>(
  store: TreeStore,
  run: () => Promise<T>
): Promise<T> {
  const previous = active
  active = store
  try {
    return await run()
  } finally {
    active = previous
  }
}

/**
 * A tree store over the trees of a previous compile.
 * @param kept JSON text of trees by content key (read from the cache file), or empty.
 * @returns The store, and what it collected.
 */
export function createTreeStore(kept: Record<string, string>): TreeStore & {
  collected: () => Record<string, string>
} {
  const collected: Record<string, string> = {}
  return {
    get: (key) => kept[key],
    put: (key, json) => {
      collected[key] = json
    },
    collected: () => collected
  }
}
