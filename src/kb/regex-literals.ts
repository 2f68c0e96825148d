/**
 * @module kb/regex-literals
 * What every match of a KB pattern must contain, read off its source: the literal a regex clue is
 * ruled out by when a log lacks it, or the literals of which it needs one. The compiler reads them
 * once per clue (`clues/regex.ts`), so a matcher starts without reading its patterns again; the
 * ReDoS check splits patterns with {@link topLevelBranches}.
 */

/**
 * The longest literal run (3+ characters) that every match of a pattern must contain, read off the
 * top level of the pattern: groups, classes and quantified characters end a run; a top-level `|`
 * means there is none. Used to skip a regex when the log does not contain its literal.
 * @param source A regex source.
 * @returns The literal, lower-cased, or undefined.
 * @example requiredLiteral('Unable to bind (?:UDP|udp) port') // 'unable to bind '
 */
export function requiredLiteral(source: string): string | undefined {
  const runs: string[] = []
  let run = ''
  let depth = 0
  let inClass = false
  const end = (): void => {
    if (run.length >= 3) runs.push(run)
    run = ''
  }
  for (let index = 0; index < source.length; index++) {
    const char = source[index] ?? ''
    const next = source[index + 1] ?? ''
    if (inClass) {
      if (char === '\\') index++
      else if (char === ']') inClass = false
      continue
    }
    if (char === '\\') {
      const escaped = next
      index++
      // Escapes that take arguments: \uXXXX, \u{…}, \xXX, \p{…}, \k<…>, \cX.
      const argument =
        /^(?:u\{[0-9a-f]+\}|u[0-9a-f]{4}|x[0-9a-f]{2}|[pP]\{[^}]*\}|k<[^>]*>|c[A-Za-z])/i.exec(
          source.slice(index)
        )
      if (argument) {
        index += argument[0].length - 1
        end()
        continue
      }
      const optional = /[?*{]/.test(source[index + 1] ?? '')
      if (depth === 0 && /[^\w\s]/.test(escaped) && !optional) run += escaped
      else end()
      continue
    }
    if (char === '[') {
      inClass = true
      end()
      continue
    }
    if (char === '(') {
      depth++
      end()
      continue
    }
    if (char === ')') {
      depth = Math.max(0, depth - 1)
      end()
      continue
    }
    if (char === '|' && depth === 0) return undefined
    if (depth > 0) continue
    if ('.^$+*?{}|'.includes(char)) {
      end()
      continue
    }
    if (/[?*{]/.test(next)) {
      end()
      continue
    }
    run += char
  }
  end()
  const longest = runs.sort((a, b) => b.length - a.length)[0]
  return longest?.toLowerCase()
}

/**
 * The characters of a regex source that give it its structure: outside escapes (`\x`) and
 * character classes (`[...]`), with their index.
 */
function* structure(source: string): Generator<[index: number, char: string]> {
  let inClass = false
  for (let index = 0; index < source.length; index++) {
    const char = source.charAt(index)
    if (char === '\\') index++
    else if (inClass) inClass = char !== ']'
    else if (char === '[') inClass = true
    else yield [index, char]
  }
}

/**
 * The branches of a pattern's top-level alternation (one when it has none).
 * @param source A regex source.
 * @returns Its branches, in order.
 * @example topLevelBranches('a(b|c)|d') // ['a(b|c)', 'd']
 */
export function topLevelBranches(source: string): string[] {
  const branches: string[] = []
  let depth = 0
  let from = 0
  for (const [index, char] of structure(source)) {
    if (char === '(') depth++
    else if (char === ')') depth = Math.max(0, depth - 1)
    else if (char === '|' && depth === 0) {
      branches.push(source.slice(from, index))
      from = index + 1
    }
  }
  branches.push(source.slice(from))
  return branches
}

/**
 * The insides of the groups at the top level of a pattern that every match goes through: not
 * optional (`?`, `*`, `{0,…}`) and not a lookaround.
 */
function requiredGroups(source: string): string[] {
  const groups: string[] = []
  let depth = 0
  let start = 0
  for (const [index, char] of structure(source)) {
    if (char === '(') {
      if (depth === 0) start = index
      depth++
    } else if (char === ')' && depth > 0) {
      depth--
      if (depth > 0) continue
      const group = source.slice(start + 1, index)
      const quantifier = source.slice(index + 1, index + 4)
      if (/^(?:[?*]|\{0\b|\{,)/.test(quantifier)) continue
      if (/^\?(?:[=!]|<[=!])/.test(group)) continue
      groups.push(group.replace(/^\?(?::|<[A-Za-z_$][\w$]*>)/, ''))
    }
  }
  return groups
}

/**
 * Literals of which every match of a pattern contains one: its required literal, else those of a
 * required group, else (for an alternation) one set per branch.
 */
function someLiteral(source: string): string[] | undefined {
  const branches = topLevelBranches(source)
  if (branches.length > 1) {
    const literals: string[] = []
    for (const branch of branches) {
      const some = someLiteral(branch)
      if (some === undefined) return undefined
      literals.push(...some)
    }
    return [...new Set(literals)]
  }
  const literal = requiredLiteral(source)
  return literal === undefined ? groupLiterals(source) : [literal]
}

/** The literals of the required group whose shortest literal is the longest. */
function groupLiterals(source: string): string[] | undefined {
  let best: string[] | undefined
  let bestLength = 0
  for (const group of requiredGroups(source)) {
    const some = someLiteral(group)
    if (some === undefined) continue
    const length = Math.min(...some.map((text) => text.length))
    if (length > bestLength) {
      best = some
      bestLength = length
    }
  }
  return best
}

/**
 * For a pattern without a required literal ({@link requiredLiteral}), the literals of which every
 * match contains one: one per branch of a top-level alternation (a branch's own literal, or those
 * of a group it needs), or those of a group the pattern needs (`\b(?:lost|dropped|missing)\b`).
 * @param source A regex source.
 * @returns The literals, lower-cased, or undefined when some way to match has no literal of three
 *   characters or more.
 * @example requiredAlternatives('Connection reset|socket hang up') // ['connection reset', 'socket hang up']
 * @example requiredAlternatives('\\b(?:lost|dropped)\\b') // ['lost', 'dropped']
 */
export function requiredAlternatives(source: string): string[] | undefined {
  return topLevelBranches(source).length > 1
    ? someLiteral(source)
    : groupLiterals(source)
}
