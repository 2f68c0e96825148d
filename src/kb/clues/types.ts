/**
 * @module kb/clues/types
 * The syntax half of a clue kind: how a clue of that kind is written in an article's `signatures`
 * (its YAML key, the keys it allows beside it, how its value is read and checked) and the plain data
 * it compiles to. One kind per file, listed in the ordered registry `index.ts`; what a clue means for
 * a log (its trigger keys and its evaluation) is the other half, in `src/match/clues/<kind>.ts`.
 */

/** Where a value is in the frontmatter, e.g. `['signatures', 0, 'errno']`. */
export type YamlPath = (string | number)[]

/** A problem found while reading clues, with the YAML path to the offending value. */
export interface ClueIssue {
  path: YamlPath
  message: string
}

/** What every compiled clue carries, whatever its kind. */
export interface ClueCommon {
  /** The kind, which is also its YAML key and the id of its syntax and evaluator. */
  kind: string
  /** What it adds to an article's score when it holds (0 to 2). */
  weight: number
  /** When true, the article cannot match unless it holds. */
  required: boolean
  /** The clue in words, for evidence and for authors (`OS error EADDRINUSE`). */
  label: string
}

/** The helpers a kind's `read` gets: the shared value checks, and the reader of nested clues. */
export interface ClueReader {
  /** The path of the clue itself. */
  path: YamlPath
  /** The path of the kind's value (`[...path, kind]`). */
  at: YamlPath
  /** Record an issue. */
  issue: (path: YamlPath, message: string) => void
  /**
   * The value as a non-empty list of non-empty strings (a single string is a list of one).
   * @param what What was expected, for the message (`an errno name such as EADDRINUSE`).
   * @returns The strings, or [] after recording an issue.
   */
  strings: (what: string) => string[]
  /**
   * A port or list of ports.
   * @returns The ports, or [] after recording an issue.
   */
  ports: (input: unknown, where: YamlPath) => number[]
  /**
   * Read a nested clue (for `all`, `any`, `not`).
   * @returns The clue, or undefined after recording an issue.
   */
  clue: (raw: unknown, path: YamlPath) => ClueCommon | undefined
  /**
   * Read a non-empty list of nested clues (for `all`, `any`).
   * @returns The clues that could be read, or undefined after recording an issue when the value is
   * not a non-empty list.
   */
  clues: (value: unknown) => ClueCommon[] | undefined
}

/**
 * The syntax of one clue kind.
 * @typeParam C The compiled clue of this kind.
 */
export interface ClueSyntax<C extends ClueCommon = ClueCommon> {
  /** The YAML key and the kind; equals the file name. */
  id: C['kind']
  /** Keys allowed beside the kind's key (`port` next to `address`) that narrow it instead of being a clue. */
  extraKeys: readonly string[]
  /**
   * Read the clue's value.
   * @param value The value under the kind's key.
   * @param raw The whole clue object (for `extraKeys`).
   * @param reader Shared checks and issue reporting.
   * @returns The clue without its common fields (`kind`, `weight`, `required`), or undefined when it
   * cannot be read at all (an issue was recorded).
   */
  read(
    value: unknown,
    raw: Record<string, unknown>,
    reader: ClueReader
  ): Omit<C, 'kind' | 'weight' | 'required'> | undefined
  /** The clues nested in this one (`all`, `any`, `not`); leaves have none. */
  children(clue: C): readonly ClueCommon[]
}
