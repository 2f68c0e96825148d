/**
 * @module match/matcher
 * A matcher is a compiled KB: regexes compiled once, the token index over symptom lines for the fuzzy
 * fallback, and the fuse.js index for article search. Build it once at start and reuse it.
 */
import Fuse from 'fuse.js'
import type { Article, Guide, Kb } from '../kb/types.ts'
import { maskLine } from './normalize.ts'

export interface SymptomEntry {
  article: number
  text: string
  tokens: string[]
}

export interface SearchDoc {
  id: string
  collection: string
  title: string
  summary: string
  tags: string[]
  /** Titles and summaries of the translations, so a search in another language finds the article. */
  localized: string[]
}

export interface Matcher {
  kb: Kb
  /** Articles that are served (drafts left out). */
  articles: Article[]
  guides: Guide[]
  regexes: Map<string, RegExp>
  symptoms: SymptomEntry[]
  tokenIndex: Map<string, number[]>
  search: Fuse<SearchDoc>
}

const STOP = new Set(['the', 'and', 'for', 'with', 'from', 'that', 'this', 'was', 'are', 'not', 'failed', 'error', 'caused', 'unable', 'cannot', '<n>', '<ip>', '<path>', '<ver>', '<hex>', '<uuid>', '<addr>'])

/**
 * Tokens of a line for the fuzzy candidate index: masked words of 3+ characters that say something.
 * @param line Any line.
 * @returns Distinct tokens.
 */
export function tokensOf(line: string): string[] {
  const words = maskLine(line).split(/[^a-z0-9_<>\u4e00-\u9fff]+/)
  return [...new Set(words.filter((word) => word.length >= 3 && !STOP.has(word)))]
}

/**
 * Compile a KB for matching.
 * @param kb A loaded KB.
 * @returns The matcher every diagnosis and search uses.
 */
export function createMatcher(kb: Kb): Matcher {
  const articles = kb.articles.filter((article) => !article.draft)
  const regexes = new Map<string, RegExp>()
  const symptoms: SymptomEntry[] = []
  const tokenIndex = new Map<string, number[]>()
  articles.forEach((article, index) => {
    const visit = (clues: Article['signatures']): void => {
      for (const clue of clues) {
        if (clue.kind === 'regex' && !regexes.has(clue.source)) regexes.set(clue.source, new RegExp(clue.source, 'i'))
        if (clue.kind === 'text') for (const value of clue.values) if (value.length >= 12) addSymptom(index, value)
        if (clue.kind === 'all' || clue.kind === 'any') visit(clue.clues)
        // Vetoes are compiled too, but their text does not describe the symptom.
        if (clue.kind === 'not') visitVeto(clue.clue)
      }
    }
    const visitVeto = (clue: Article['signatures'][number]): void => {
      if (clue.kind === 'regex' && !regexes.has(clue.source)) regexes.set(clue.source, new RegExp(clue.source, 'i'))
      if (clue.kind === 'all' || clue.kind === 'any') clue.clues.forEach(visitVeto)
      if (clue.kind === 'not') visitVeto(clue.clue)
    }
    const addSymptom = (articleIndex: number, text: string): void => {
      const tokens = tokensOf(text)
      if (tokens.length < 2) return
      const entry = symptoms.push({ article: articleIndex, text, tokens }) - 1
      for (const token of tokens) {
        const list = tokenIndex.get(token) ?? []
        list.push(entry)
        tokenIndex.set(token, list)
      }
    }
    visit(article.signatures)
    for (const line of article.symptomLines) addSymptom(index, line)
  })
  const docs: SearchDoc[] = articles.map((article) => ({
    id: article.id,
    collection: article.collection,
    title: article.content.title,
    summary: article.content.summary,
    tags: article.tags,
    localized: Object.values(article.translations).flatMap((content) => [content.title, content.summary])
  }))
  const search = new Fuse(docs, {
    keys: [
      { name: 'id', weight: 3 },
      { name: 'title', weight: 2 },
      { name: 'tags', weight: 1.5 },
      { name: 'summary', weight: 1 },
      { name: 'localized', weight: 1 }
    ],
    includeScore: true,
    ignoreLocation: true,
    threshold: 0.4
  })
  return { kb, articles, guides: kb.guides, regexes, symptoms, tokenIndex, search }
}
