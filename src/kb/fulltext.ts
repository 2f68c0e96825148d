/**
 * @module kb/fulltext
 * The full-text index over the articles (MiniSearch, BM25): each article's title, summary, symptoms
 * and tags in every language it is written in, plus the commands, flags and error codes it names.
 * It ranks candidates for plain-language questions ("the subscriber receives nothing"), where no
 * error line decides. It lives in `kb` because `remedy build` saves it beside the articles; the
 * matcher builds it when the KB it is given has none.
 */
import MiniSearch, { type AsPlainObject } from 'minisearch'
import type { Article, ArticleContent } from './types.ts'

/** One indexed document: one article in one locale. */
interface FulltextDoc {
  /** `<article id>@<locale>`. */
  key: string
  id: string
  title: string
  summary: string
  symptoms: string
  tags: string
  /** Commands, flags, error codes and other code spans the article names (in every locale). */
  codes: string
}

/**
 * The index as `remedy build` and the KB cache save it: MiniSearch's index read out for searching
 * (see {@link searchFulltext}), so that loading it needs neither MiniSearch nor any computing.
 */
export interface FulltextJson {
  /** Every term, in the order MiniSearch's index iterates them (the order prefix matches add up in). */
  terms: string[]
  /**
   * Per term: where it occurs, as flat triples (field number in {@link FIELDS}, document, how often),
   * fields in order and documents in MiniSearch's order, the order its scores add up in.
   */
  postings: number[][]
  /** Per document: the length of each field, in terms. */
  lengths: number[][]
  /** Per field: its average length. */
  averages: number[]
  /** How many documents the index holds. */
  documents: number
  /** Indexes into {@link FulltextJson.terms}, sorted by the terms' UTF-16 code units. */
  sorted: number[]
  /** Article id of each document, by its short id. */
  ids: string[]
  /** One more than the largest short id. */
  size: number
}

/** Field boosts: a word of the title says more about the article than a word of its symptoms. */
const BOOST = { title: 3, tags: 2, codes: 2, summary: 1.5, symptoms: 1 }

const FIELDS = ['title', 'summary', 'symptoms', 'tags', 'codes'] as const

/** Words that say nothing about a problem, in English and Spanish (after folding accents). */
const STOP = new Set(
  (
    'the and for with from that this was are not but does did doesn don have has had what when why how ' +
    'can could would should will just get got any all its it is be been being of to in on at by or an as ' +
    'my me we you your our they them there their then than so if do no yes too also still now only ' +
    'into out over after before some one two again very really anyone someone help please thanks ' +
    'el la los las un una unos unas de del al en y o que es por para con sin se mi mis su sus lo le ' +
    'como pero cuando donde porque esta este esto estoy son ser hay ya muy mas tambien alguien ayuda ' +
    'gracias hola tengo tiene funciona'
  ).split(' ')
)

/**
 * Common user words mapped to the words articles use; small and general on purpose (a word here
 * must mean the same thing in every article's sense). Keys and values are folded, unstemmed words.
 */
const ALIASES: Record<string, string> = {
  nothing: 'silent',
  nada: 'silent',
  receives: 'receive messages',
  recibe: 'receive messages',
  unreachable: 'unreachable timed out',
  inalcanzable: 'unreachable',
  cortafuegos: 'firewall',
  suscriptor: 'subscriber',
  publicador: 'publisher',
  puerto: 'port',
  conexion: 'connection',
  rechazada: 'refused',
  red: 'network',
  mensajes: 'messages',
  permiso: 'permission',
  denegado: 'denied',
  memoria: 'memory',
  compartida: 'shared',
  archivos: 'files',
  abiertos: 'open',
  nodo: 'node',
  nodos: 'nodes',
  coordinador: 'coordinator',
  corriendo: 'running',
  ejecutando: 'running',
  ejecutar: 'run',
  conectar: 'connect',
  instalar: 'install',
  compilar: 'build',
  dispositivo: 'device',
  camara: 'camera',
  agotado: 'timed out',
  descubrimiento: 'discovery',
  encuentran: 'discovery found',
  certificado: 'certificate',
  prompt: 'prompt allow',
  cancelled: 'blocked',
  canceled: 'blocked',
  cancele: 'blocked',
  lan: 'lan inbound',
  localhost: 'localhost loopback'
}

/** Chinese user words and the English words of the same sense (matched on the folded text). */
const CJK_ALIASES: [string, string][] = [
  ['防火墙', 'firewall'],
  ['订阅', 'subscriber'],
  ['发布', 'publisher'],
  ['收不到', 'receive messages silent'],
  ['端口', 'port'],
  ['组播', 'multicast'],
  ['多播', 'multicast'],
  ['共享内存', 'shared memory'],
  ['证书', 'certificate'],
  ['权限', 'permission denied'],
  ['连接被拒绝', 'connection refused'],
  ['无法访问', 'unreachable'],
  ['节点', 'node'],
  ['协调器', 'coordinator'],
  ['守护进程', 'daemon'],
  ['数据流', 'dataflow'],
  ['超时', 'timed out'],
  ['摄像头', 'camera'],
  ['串口', 'serial port'],
  ['设备', 'device']
]

const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/gu
const WORD = /[\p{L}\p{N}_]+/gu
const PLAIN = /^[a-z0-9_]+$/
/** A code-ish compound: `--network=host`, `dora-daemon`, `ERR_CONNECTION_REFUSED`, `ros2`. */
const COMPOUND = /^-{0,2}[\p{L}\p{N}_]+(?:[-=.:/][\p{L}\p{N}_]+)+$/u

/** Fold case and diacritics: `Conexión` and `conexion` are the same word. */
function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
}

/** A light suffix stripper for English and Spanish words, so `receives`, `received`, `receive` meet. */
function stem(word: string): string {
  if (word.length <= 4 || /\d/.test(word)) return word
  for (const suffix of ['ing', 'ies', 'ed', 'es', 's', 'e', 'o', 'a']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 4) {
      if (suffix === 's' && word.endsWith('ss')) return word
      return word.slice(0, -suffix.length)
    }
  }
  return word
}

function wordTerms(text: string, out: string[]): void {
  for (const chunk of text.split(/[\s,;()[\]{}<>"'`“”‘’!?¿¡]+/u)) {
    const trimmed = chunk.replace(/^[.:]+|[.:]+$/g, '')
    if (trimmed === '') continue
    // Most chunks are plain words: skip the compound and CJK handling for them.
    if (PLAIN.test(trimmed)) {
      if (trimmed.length >= 2 && !STOP.has(trimmed)) out.push(stem(trimmed))
      continue
    }
    if (trimmed.length <= 40 && COMPOUND.test(trimmed))
      out.push(trimmed.replace(/^-+/, ''))
    for (const match of trimmed.replace(CJK_RUN, ' ').matchAll(WORD)) {
      const word = match[0]
      if (word.length < 2 || STOP.has(word)) continue
      out.push(stem(word))
    }
  }
}

function cjkTerms(text: string, out: string[]): void {
  for (const match of text.matchAll(CJK_RUN)) {
    const run = match[0]
    if (run.length === 1) out.push(run)
    for (let index = 0; index + 1 < run.length; index++)
      out.push(run.slice(index, index + 2))
  }
}

/**
 * The search terms of a text: folded words (lightly stemmed, stop words out), code-ish compounds
 * kept whole beside their parts, and character bigrams of Chinese and Japanese runs (they have no
 * spaces). The index and the queries use the same function, so they always agree.
 * @param text Any text.
 * @returns The terms, in order, with repeats (BM25 counts them).
 * @example searchTerms('Conexión rechazada: dora up --network=host') // ['conexion', 'rechazad', 'dora', 'up', 'network=host', 'network', 'host']
 */
export function searchTerms(text: string): string[] {
  const folded = fold(text)
  const out: string[] = []
  wordTerms(folded, out)
  cjkTerms(folded, out)
  return out
}

/**
 * The terms of a question, with the aliases of its user words added (each once).
 * @param text The question.
 * @returns Distinct terms to search for.
 */
export function queryTerms(text: string): string[] {
  const folded = fold(text)
  const extra: string[] = []
  for (const word of folded.match(WORD) ?? []) {
    const alias = ALIASES[word]
    if (alias !== undefined) extra.push(alias)
  }
  for (const [word, alias] of CJK_ALIASES)
    if (folded.includes(word)) extra.push(alias)
  return [...new Set([...searchTerms(folded), ...searchTerms(extra.join(' '))])]
}

/** Inline code and the first words, flags and codes of code lines: what an article names. */
function codesOf(content: ArticleContent): string[] {
  const found: string[] = []
  const sections = [
    content.title,
    content.summary,
    content.symptoms,
    content.cause,
    content.verify
  ]
  for (const section of sections)
    for (const match of section.matchAll(/`([^`\n]{1,60})`/g))
      found.push(match[1] ?? '')
  for (const step of content.steps) {
    for (const match of step.markdown.matchAll(/`([^`\n]{1,60})`/g))
      found.push(match[1] ?? '')
    for (const block of step.code)
      for (const line of block.value.split('\n').slice(0, 8)) {
        const words = line.trim().split(/\s+/)
        found.push(words.slice(0, 2).join(' '))
        found.push(
          ...words.filter((word) =>
            /^(?:--?[a-z][\w-]*(?:=\S+)?|E[A-Z]{3,}|ERR_[A-Z_]+)$/.test(word)
          )
        )
      }
  }
  return found
}

function docsOf(article: Article): FulltextDoc[] {
  const contents = [article.content, ...Object.values(article.translations)]
  const codes = [
    article.id.replace(/-/g, ' '),
    ...contents.flatMap(codesOf)
  ].join('\n')
  return contents.map((content) => ({
    key: `${article.id}@${content.locale}`,
    id: article.id,
    title: content.title,
    summary: content.summary,
    // Symptom lines of the clues are the same in every locale; the section is the locale's own.
    symptoms: [content.symptoms, ...article.symptomLines].join('\n'),
    tags: article.tags.join(' '),
    codes
  }))
}

const OPTIONS = {
  idField: 'key',
  fields: [...FIELDS],
  storeFields: ['id'],
  tokenize: searchTerms,
  // The terms are already folded and stemmed.
  processTerm: (term: string) => term
}

/** A full-text index over articles. */
export type Fulltext = MiniSearch<FulltextDoc>

/**
 * Build the full-text index over articles (every locale of each, drafts included: the matcher
 * filters what it serves).
 * @param articles The KB's articles.
 * @returns The index.
 */
export function buildFulltext(articles: readonly Article[]): Fulltext {
  // Every locale of an article repeats its `codes` and symptom lines: tokenise each text once.
  const seen = new Map<string, string[]>()
  const tokenize = (text: string): string[] => {
    const known = seen.get(text)
    if (known) return known
    const terms = searchTerms(text)
    seen.set(text, terms)
    return terms
  }
  const index = new MiniSearch<FulltextDoc>({ ...OPTIONS, tokenize })
  index.addAll(articles.flatMap(docsOf))
  return index
}

/** One article the index found for a question. */
export interface FulltextHit {
  id: string
  /** BM25 score, summed over the terms and fields that matched. */
  score: number
  /** The distinct query terms the article contains. */
  matched: number
}

/** Weight of a prefix match (MiniSearch's `weights.prefix`); exact matches weigh 1. */
const PREFIX_WEIGHT = 0.3
/** MiniSearch's default BM25 parameters, which the index is searched with. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 }

/** Long words are also searched as prefixes (not Chinese or Japanese bigrams). */
const searchedAsPrefix = (term: string): boolean =>
  term.length >= 5 && !/[\u3040-\u9fff]/u.test(term)

/**
 * The search {@link searchFulltext} must equal, through MiniSearch's own query engine: used for an
 * index with removed documents, and by the tests as the reference.
 * @param index The index.
 * @param terms The question's terms ({@link queryTerms}).
 * @returns Hits, best first.
 */
export function searchFulltextReference(
  index: Fulltext,
  terms: readonly string[]
): FulltextHit[] {
  if (terms.length === 0) return []
  const results = index.search(terms.join(' '), {
    boost: BOOST,
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    prefix: searchedAsPrefix,
    weights: { fuzzy: 0, prefix: PREFIX_WEIGHT },
    combineWith: 'OR'
  })
  return bestPerArticle(
    results.map((result) => ({
      id: String(result['id']),
      score: result.score,
      matched: new Set(result.queryTerms).size
    }))
  )
}

/** One hit per article, its best locale (the first of equal ones), best first. */
function bestPerArticle(results: readonly FulltextHit[]): FulltextHit[] {
  const best = new Map<string, FulltextHit>()
  for (const result of results) {
    const seen = best.get(result.id)
    if (!seen || result.score > seen.score) best.set(result.id, result)
  }
  return [...best.values()].sort(
    // Ids are ASCII (`ID_PATTERN`): code-unit order is their collation order, without loading the
    // collator (~8 ms on a command's first comparison).
    (a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  )
}

/**
 * An index ready to search: a saved one ({@link FulltextJson}) with a map from term to its place, and
 * each term's postings with their BM25 scores once a question has asked for the term (they depend on
 * the index only; MiniSearch recomputes them, and copies its options, for every term of every query).
 */
interface Compiled extends FulltextJson {
  place: Map<string, number>
  /** Per term: flat triples (document, field boost, BM25), filled on first use. */
  scored: (Float64Array | undefined)[]
}

const compiledIndexes = new WeakMap<Fulltext | FulltextJson, Compiled | null>()

/**
 * Read an index out as it is saved: every term's postings with their BM25 scores computed (they
 * depend on the index only), in the order MiniSearch adds them up (fields in index order, documents
 * in id order).
 * @param index The index {@link buildFulltext} built.
 * @returns The saved form, or null when the index has removed documents (MiniSearch then searches
 *   it itself).
 */
export function saveFulltext(index: Fulltext): FulltextJson | null {
  const json: AsPlainObject = index.toJSON()
  if ((json.dirtCount ?? 0) > 0) return null
  const fieldIds = FIELDS.map((field) => json.fieldIds[field])
  const terms: string[] = []
  const postings: number[][] = []
  for (const [term, data] of json.index) {
    const list: number[] = []
    FIELDS.forEach((_, position) => {
      const fieldId = fieldIds[position]
      const freqs = fieldId === undefined ? undefined : data[String(fieldId)]
      if (freqs === undefined) return
      for (const key of Object.keys(freqs))
        list.push(position, Number(key), freqs[key] ?? 0)
    })
    terms.push(term)
    postings.push(list)
  }
  const ids: string[] = []
  const lengths: number[][] = []
  const external: Record<string, unknown> = json.documentIds
  for (const key of Object.keys(external)) {
    const stored: unknown = json.storedFields[key]
    const id: unknown =
      typeof stored === 'object' && stored !== null && 'id' in stored
        ? stored.id
        : external[key]
    ids[Number(key)] = String(id)
  }
  for (const key of Object.keys(json.fieldLength))
    lengths[Number(key)] = fieldIds.map(
      (fieldId) =>
        (fieldId === undefined ? 0 : json.fieldLength[key]?.[fieldId]) ?? 0
    )
  const sorted = terms.map((_, place) => place)
  sorted.sort((a, b) => {
    const x = terms[a] ?? ''
    const y = terms[b] ?? ''
    return x < y ? -1 : x > y ? 1 : 0
  })
  return {
    terms,
    postings,
    lengths,
    averages: fieldIds.map((fieldId) =>
      fieldId === undefined ? 0 : (json.averageFieldLength[fieldId] ?? 0)
    ),
    documents: json.documentCount,
    sorted,
    ids,
    size: Math.max(json.nextId, ids.length)
  }
}

/**
 * Build the full-text index over articles and save it ({@link saveFulltext}).
 * @param articles The KB's articles.
 * @returns What `remedy build` and the cache keep.
 */
export function fulltextJson(articles: readonly Article[]): FulltextJson {
  const saved = saveFulltext(buildFulltext(articles))
  /* c8 ignore next -- a new index has no removed documents */
  if (saved === null) throw new Error('a new index has removed documents')
  return saved
}

function compile(saved: FulltextJson): Compiled {
  return {
    ...saved,
    place: new Map(saved.terms.map((term, place) => [term, place])),
    scored: []
  }
}

/**
 * A term's postings with their scores: (document, field boost, BM25) triples, in adding order (the
 * boost apart, so that scores are multiplied in MiniSearch's order).
 */
function scoredPostings(compiled: Compiled, place: number): Float64Array {
  const known = compiled.scored[place]
  if (known !== undefined) return known
  const list = compiled.postings[place] ?? []
  // How many documents hold the term in each field: BM25's "matching".
  const matching = FIELDS.map(() => 0)
  for (let at = 0; at + 2 < list.length; at += 3)
    matching[list[at] ?? 0] = (matching[list[at] ?? 0] ?? 0) + 1
  const triples = new Float64Array(list.length)
  for (let at = 0; at + 2 < list.length; at += 3) {
    const field = list[at] ?? 0
    const doc = list[at + 1] ?? 0
    triples[at] = doc
    triples[at + 1] = BOOST[FIELDS[field] ?? 'symptoms']
    triples[at + 2] = bm25(
      list[at + 2] ?? 0,
      matching[field] ?? 0,
      compiled.documents,
      compiled.lengths[doc]?.[field] ?? 0,
      compiled.averages[field] ?? 0
    )
  }
  compiled.scored[place] = triples
  return triples
}

/** MiniSearch's BM25+ of a term in one field of one document, written as it computes it. */
function bm25(
  frequency: number,
  matching: number,
  documents: number,
  length: number,
  average: number
): number {
  const { k, b, d } = BM25
  const idf = Math.log(1 + (documents - matching + 0.5) / (matching + 0.5))
  return (
    idf *
    (d +
      (frequency * (k + 1)) /
        (frequency + k * (1 - b + (b * length) / average)))
  )
}

/** The places of the terms that start with a term and are longer, in the index's iteration order. */
function longerWithPrefix(compiled: Compiled, prefix: string): number[] {
  const { sorted, terms } = compiled
  let low = 0
  let high = sorted.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if ((terms[sorted[middle] ?? 0] ?? '') < prefix) low = middle + 1
    else high = middle
  }
  const found: number[] = []
  for (let at = low; at < sorted.length; at++) {
    const place = sorted[at] ?? 0
    const term = terms[place] ?? ''
    if (!term.startsWith(prefix)) break
    if (term !== prefix) found.push(place)
  }
  return found.sort((a, b) => a - b)
}

/**
 * MiniSearch's OR query over precomputed postings, adding the same numbers in the same order, so
 * that the scores are equal to the last bit: per query term, its exact postings then those of the
 * longer terms it is a prefix of; then the terms' sums in query order; times the number of distinct
 * query terms the document matched.
 */
function searchCompiled(
  compiled: Compiled,
  terms: readonly string[]
): FulltextHit[] {
  const size = compiled.size
  // Per document: the query's total and distinct terms, and one query term's sum; documents are
  // listed in the order they are first found, as MiniSearch's maps keep them.
  const totals = new Float64Array(size)
  const matched = new Int32Array(size)
  const found: number[] = []
  const sums = new Float64Array(size)
  const touched: number[] = []
  const seen = new Set<string>()
  const add = (place: number | undefined, weight: number): void => {
    if (place === undefined) return
    const triples = scoredPostings(compiled, place)
    for (let at = 0; at + 2 < triples.length; at += 3) {
      const doc = triples[at] ?? 0
      if (sums[doc] === 0) touched.push(doc)
      sums[doc] =
        (sums[doc] ?? 0) +
        weight * (triples[at + 1] ?? 0) * (triples[at + 2] ?? 0)
    }
  }
  for (const term of terms.join(' ').split(' ')) {
    if (term === '') continue
    const first = !seen.has(term)
    seen.add(term)
    add(compiled.place.get(term), 1)
    if (searchedAsPrefix(term))
      for (const place of longerWithPrefix(compiled, term)) {
        const longer = compiled.terms[place] ?? ''
        add(
          place,
          (PREFIX_WEIGHT * longer.length) /
            (longer.length + 0.3 * (longer.length - term.length))
        )
      }
    for (const doc of touched) {
      const sum = sums[doc] ?? 0
      sums[doc] = 0
      if (matched[doc] === 0) {
        found.push(doc)
        totals[doc] = sum
        matched[doc] = 1
      } else {
        totals[doc] = (totals[doc] ?? 0) + sum
        if (first) matched[doc] = (matched[doc] ?? 0) + 1
      }
    }
    touched.length = 0
  }
  const results = found.map((doc) => ({
    id: compiled.ids[doc] ?? '',
    score: (totals[doc] ?? 0) * (matched[doc] ?? 0),
    matched: matched[doc] ?? 0
  }))
  // Stable, as MiniSearch's: equal scores keep the order documents were first found in.
  results.sort((a, b) => b.score - a.score)
  return bestPerArticle(results)
}

/**
 * Search the index with a question: OR over its terms and their aliases, long words also as
 * prefixes; one hit per article (its best locale). The scores are MiniSearch's
 * ({@link searchFulltextReference}), computed from postings read out of the index once.
 * @param index The index, or the index as saved (`toJSON`): a saved index is searched without
 *   loading it into MiniSearch, which costs a command tens of milliseconds.
 * @param terms The question's terms ({@link queryTerms}).
 * @returns Hits, best first.
 */
export function searchFulltext(
  index: Fulltext | FulltextJson,
  terms: readonly string[]
): FulltextHit[] {
  if (terms.length === 0) return []
  let compiled = compiledIndexes.get(index)
  if (compiled === undefined) {
    const saved = index instanceof MiniSearch ? saveFulltext(index) : index
    compiled = saved === null ? null : compile(saved)
    compiledIndexes.set(index, compiled)
  }
  if (compiled !== null) return searchCompiled(compiled, terms)
  // Only a MiniSearch index can have removed documents.
  return index instanceof MiniSearch
    ? searchFulltextReference(index, terms)
    : []
}
