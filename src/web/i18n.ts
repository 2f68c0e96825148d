/**
 * @module web/i18n
 * The page's own words, in each language it speaks; the answers themselves come translated from
 * the server. English is the reference: every other language has every key.
 */

const EN = {
  skip: 'Skip to content',
  diagnoseTab: 'Diagnose',
  kbTab: 'Knowledge base',
  language: 'Language',
  diagnoseHeading: 'Diagnose an error log',
  tagline:
    'Paste an error log: Remedy finds the knowledge-base article that explains it, with the cause and the steps to fix it.',
  logLabel: 'Error log',
  logHint:
    'Paste the whole error output, or drop a log file or paste a screenshot here. Ctrl+Enter diagnoses.',
  file: 'Or open a log file or a screenshot',
  readingImage: 'Reading the screenshot…',
  readFromImage: 'Read from the screenshot',
  readFromImageHint:
    'This text is in the box above: correct what was misread and diagnose again, or paste the error text itself.',
  diagnose: 'Diagnose',
  clear: 'Clear',
  working: 'Diagnosing…',
  done: 'Done.',
  emptyLog: 'Paste a log first.',
  failed: 'Could not diagnose: ',
  fileClipped:
    'The file is over 2 MB: only its first and last parts were read.',
  confidence: 'Confidence',
  evidenceIn: 'Evidence, line',
  logTitle: 'The log as Remedy read it (cleaned, secrets redacted)',
  evidence: 'evidence',
  copy: 'Copy',
  copied: 'Copied',
  copyFailed: 'Select and copy',
  kbHeading: 'Knowledge base',
  searchLabel: 'Search the knowledge base',
  searchHint:
    'Fuzzy search over ids, titles, tags and summaries, the same as /kb search.',
  articlesCount: (n: number) => `${n} articles`,
  resultsCount: (n: number, q: string) => `${n} results for “${q}”`,
  noResults: (q: string) => `No article matches “${q}”.`,
  back: 'All articles',
  symptoms: 'Symptoms',
  related: 'Related',
  notes: 'Notes',
  appliesTo: 'Applies to',
  tags: 'Tags',
  openArticle: 'Open the article',
  searchKb: 'Search the knowledge base for the problem',
  notFound: 'No such article.',
  footer: 'Runs locally; nothing you paste leaves this machine.',
  notTranslated: 'This article has no translation yet; showing the original.',
  statsTab: 'Stats',
  statsHeading: 'Stats',
  statsLead:
    'What Remedy answered, how it was rated, and what it could not answer: the same numbers as remedy stats.',
  sinceLabel: 'Period',
  since7d: 'Last 7 days',
  since30d: 'Last 30 days',
  since90d: 'Last 90 days',
  sinceAll: 'All time',
  statsLoading: 'Loading the stats…',
  statsEmpty: 'No diagnoses were recorded in this period.',
  statsFailed: 'Could not load the stats: ',
  diagnoses: 'Diagnoses',
  answered: 'Answered',
  candidates: 'Possible matches',
  none: 'No match',
  votes: 'Votes',
  votesValue: (fixed: number, notHelped: number) =>
    `${fixed} fixed it · ${notHelped} didn't help`,
  latency: 'Latency p50 / p95',
  perDay: 'Diagnoses per day',
  perDayDesc: (days: number, total: number, answered: number, none: number) =>
    `${total} diagnoses over ${days} days: ${answered} answered, ${none} with no match.`,
  dayTitle: (
    day: string,
    total: number,
    answered: number,
    candidates: number,
    none: number
  ) =>
    `${day}: ${total} diagnoses, ${answered} answered, ${candidates} possible, ${none} no match`,
  perDayTable: 'The numbers per day',
  day: 'Day',
  articlesHeading: 'Articles',
  article: 'Article',
  suggested: 'Suggested',
  fixed: 'Fixed it',
  notHelped: "Didn't help",
  fixRate: 'Fix rate',
  slowestHeading: 'Slowest diagnoses',
  time: 'Time (UTC)',
  verdict: 'Verdict',
  transport: 'Through',
  lastDays: (n: number) => `The chart shows the last ${n} days.`,
  scrollHint: 'Scroll sideways to see every column →'
}

/** The words of one language. */
export type Messages = typeof EN

const ZH_CN: Messages = {
  skip: '跳到正文',
  diagnoseTab: '诊断',
  kbTab: '知识库',
  language: '语言',
  diagnoseHeading: '诊断错误日志',
  tagline:
    '粘贴错误日志：Remedy 会找到解释它的知识库文章，给出原因和修复步骤。',
  logLabel: '错误日志',
  logHint:
    '粘贴完整的错误输出，或把日志文件拖到这里、粘贴截图。Ctrl+Enter 开始诊断。',
  file: '或打开日志文件或截图',
  readingImage: '正在读取截图…',
  readFromImage: '从截图中读取的文字',
  readFromImageHint:
    '这段文字已放入上方的输入框：请更正读错的地方后重新诊断，或直接粘贴错误文本。',
  diagnose: '诊断',
  clear: '清空',
  working: '正在诊断…',
  done: '完成。',
  emptyLog: '请先粘贴日志。',
  failed: '诊断失败：',
  fileClipped: '文件超过 2 MB：只读取了开头和结尾部分。',
  confidence: '置信度',
  evidenceIn: '证据，第',
  logTitle: 'Remedy 读取到的日志（已清理，已隐去敏感信息）',
  evidence: '证据',
  copy: '复制',
  copied: '已复制',
  copyFailed: '请手动选择复制',
  kbHeading: '知识库',
  searchLabel: '搜索知识库',
  searchHint: '对 id、标题、标签和摘要进行模糊搜索，与 /kb search 相同。',
  articlesCount: (n: number) => `共 ${n} 篇文章`,
  resultsCount: (n: number, q: string) => `“${q}”有 ${n} 个结果`,
  noResults: (q: string) => `没有与“${q}”匹配的文章。`,
  back: '全部文章',
  symptoms: '症状',
  related: '相关文章',
  notes: '备注',
  appliesTo: '适用于',
  tags: '标签',
  openArticle: '打开文章',
  searchKb: '在知识库中搜索这个问题',
  notFound: '没有这篇文章。',
  footer: '在本机运行；你粘贴的内容不会离开这台机器。',
  notTranslated: '这篇文章还没有译文，显示原文。',
  statsTab: '统计',
  statsHeading: '统计',
  statsLead:
    'Remedy 回答了什么、评价如何、哪些没能回答：与 remedy stats 相同的数字。',
  sinceLabel: '时间范围',
  since7d: '最近 7 天',
  since30d: '最近 30 天',
  since90d: '最近 90 天',
  sinceAll: '全部',
  statsLoading: '正在加载统计…',
  statsEmpty: '这段时间内没有记录到诊断。',
  statsFailed: '无法加载统计：',
  diagnoses: '诊断',
  answered: '已回答',
  candidates: '可能匹配',
  none: '无匹配',
  votes: '评价',
  votesValue: (fixed: number, notHelped: number) =>
    `${fixed} 已解决 · ${notHelped} 没有帮助`,
  latency: '耗时 p50 / p95',
  perDay: '每天的诊断',
  perDayDesc: (days: number, total: number, answered: number, none: number) =>
    `${days} 天内共 ${total} 次诊断：${answered} 次已回答，${none} 次无匹配。`,
  dayTitle: (
    day: string,
    total: number,
    answered: number,
    candidates: number,
    none: number
  ) =>
    `${day}：${total} 次诊断，${answered} 次已回答，${candidates} 次可能匹配，${none} 次无匹配`,
  perDayTable: '每天的数字',
  day: '日期',
  articlesHeading: '文章',
  article: '文章',
  suggested: '被建议',
  fixed: '已解决',
  notHelped: '没有帮助',
  fixRate: '解决率',
  slowestHeading: '最慢的诊断',
  time: '时间（UTC）',
  verdict: '结论',
  transport: '来源',
  lastDays: (n: number) => `图表显示最近 ${n} 天。`,
  scrollHint: '左右滑动可查看所有列 →'
}

/** The page's words by locale. */
export const UI = { en: EN, 'zh-CN': ZH_CN } satisfies Record<string, Messages>

/** A language the page speaks. */
export type Locale = keyof typeof UI

/**
 * Whether a string is a locale the page speaks.
 * @param value A locale tag (from storage or the language picker).
 */
export function isLocale(value: string): value is Locale {
  return Object.hasOwn(UI, value)
}
