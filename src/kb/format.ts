/**
 * @module kb/format
 * The version of a compiled KB's shape, apart from the compiler so that reading a compiled KB (an
 * index from `remedy build`, the cache) loads no Markdown parser.
 */

/**
 * Bump when the shape of `Kb` changes (see DESIGN.md). 2: `notes` in every article's content.
 * 3: `remedy build`'s index (and the cache) carries the full-text index (`fulltext`).
 * 4: a `regex` clue carries the literals every match needs (`literal`, `anyOf`); `fulltext` is the
 * index read out for searching (`FulltextJson`), not MiniSearch's own.
 */
export const KB_FORMAT_VERSION = 4
