/**
 * @module render/i18n
 * The words of an answer around the article text, per locale (the articles carry their own
 * translations).
 */
import { pickLocale } from '../kb/locale.ts'
import type { Labels } from './types.ts'

interface Words extends Omit<Labels, 'searchHintTerminal'> {
  match: string
  possible: string
  unlikely: string
  headlineMatch: string
  headlineTwo: string
  headlineCandidates: string
  headlineNone: string
  truncated: (omittedBytes: number, omittedLines: number) => string
  thin: string
  /** The terminal's last line for `none`: `remedy search`, and the collect list when one is shown above it. */
  terminalSearchHint: (collectAbove: boolean) => string
}

const WORDS: Record<string, Words> = {
  en: {
    match: 'Matches',
    possible: 'Possibly',
    unlikely: 'Unlikely',
    headlineMatch: 'This log matches a known problem.',
    headlineTwo: 'This log shows two known problems.',
    headlineCandidates: 'Not sure: these articles may explain this log.',
    headlineNone: 'No known article matches this log.',
    why: 'Why this matches',
    steps: 'Fix',
    cause: 'Cause',
    verify: 'Verify',
    ifNotHelped: 'If this did not help',
    otherMatches: 'Other matches',
    collect: 'What to collect',
    doesNotApply: 'does not apply',
    fixed: 'Fixed it',
    notHelpful: "Didn't help",
    postPublicly: 'Post publicly',
    noMatch: 'No known article matches this log.',
    searchHint:
      'Search the knowledge base with `/kb search`, or collect the full log as below and paste it again.',
    truncated: (bytes, lines) =>
      `Only part of this paste was read: ${bytes > 0 ? `${bytes} bytes` : ''}${bytes > 0 && lines > 0 ? ' and ' : ''}${lines > 0 ? `${lines} lines` : ''} in the middle were left out (the start and the end were kept).`,
    thin: 'This paste is too short to tell; please collect the full log.',
    terminalSearchHint: (collectAbove) =>
      `Search the knowledge base with \`remedy search <words>\`, or collect the full log${collectAbove ? ' as listed above' : ''} and run \`remedy diagnose\` on it again.`
  },
  'zh-CN': {
    match: '匹配',
    possible: '可能',
    unlikely: '不太可能',
    headlineMatch: '这段日志与一个已知问题匹配。',
    headlineTwo: '这段日志显示了两个已知问题。',
    headlineCandidates: '不确定：以下文章可能解释这段日志。',
    headlineNone: '没有已知文章与这段日志匹配。',
    why: '匹配依据',
    steps: '解决步骤',
    cause: '原因',
    verify: '验证',
    ifNotHelped: '如果仍未解决',
    otherMatches: '其他匹配',
    collect: '需要收集的信息',
    doesNotApply: '不适用',
    fixed: '已解决',
    notHelpful: '没有帮助',
    postPublicly: '公开发布',
    noMatch: '没有已知文章与这段日志匹配。',
    searchHint:
      '可以用 `/kb search` 搜索知识库，或按下面的步骤收集完整日志后再粘贴。',
    truncated: (bytes, lines) =>
      `只读取了部分内容：中间省略了${bytes > 0 ? ` ${bytes} 字节` : ''}${lines > 0 ? ` ${lines} 行` : ''}（保留了开头和结尾）。`,
    thin: '这段内容太短，无法判断；请收集完整日志。',
    terminalSearchHint: (collectAbove) =>
      `可以用 \`remedy search <关键词>\` 搜索知识库，或${collectAbove ? '按上面的步骤' : ''}收集完整日志后再运行 \`remedy diagnose\`。`
  }
}

/**
 * The words for a locale, falling back to the same language, then English.
 * @param locale e.g. `zh-CN`, `zh-TW`, `en-US`.
 * @returns The words.
 */
export function wordsFor(locale: string | undefined): Words {
  return pickLocale(WORDS, locale) ?? (WORDS.en as Words)
}
