/**
 * @module interactions/messages
 * What the bot says to users outside of a diagnosis: refusals, errors, confirmations. Each is one
 * short sentence plus a next step, never a stack, and is localised (English and Simplified
 * Chinese). Programmer and configuration errors are not here: they live in `src/errors.ts`.
 */

import { pickLocale } from '../kb/locale.ts'

const EN = {
  attachmentMedia:
    '`{filename}` is an image or media file; attach the log as text (`.log`, `.txt`, `.gz` or `.zip`) or paste it.',
  imageUnreadable:
    'Could not read the text of `{filename}`; paste the error text instead, or attach a sharper screenshot of the error.',
  imageTooLarge:
    '`{filename}` is too large a picture to read; crop the screenshot to the error, or paste the error text instead.',
  attachmentBinary:
    '`{filename}` is not a text log; attach the log as text (`.log`, `.txt`, `.gz` or `.zip`) or paste it.',
  attachmentTooLarge:
    '`{filename}` is {size}, over the {max} limit; attach only the part around the error, or compress it.',
  attachmentDownload:
    'Could not download `{filename}` from Discord; try attaching it again.',
  attachmentNoText:
    '`{filename}` holds no text log; put the `.log` or `.txt` files in the archive.',
  noLog:
    'There is no log to read in that message; paste the error text or attach a text log.',
  cooldown: 'One moment: you can diagnose again in {seconds} s.',
  failed:
    'Something went wrong while answering; try again, and if it keeps failing tell the server staff.',
  expired: 'This answer has expired; run `/diagnose` again.',
  feedbackThanks: 'Thanks, your feedback was recorded.',
  removeDenied:
    'Only the author of the message or a moderator can remove this answer.',
  removed: 'Removed the answer.',
  reloadDenied:
    'Only members with Manage Server can reload the knowledge base.',
  reloaded:
    'Reloaded the knowledge base: {count} articles (version `{version}`).',
  reloadFailed:
    'The new knowledge base has {count} errors, so the old one keeps serving:',
  statsDenied: 'Only members with Manage Server can see the stats.',
  statsUnavailable:
    'This bot records no stats; its operator can turn the store on with `REMEDY_DB`.',
  statsBadSince:
    '`{since}` is not a time window; use a duration such as `30d`, `12h`, `2w`, or a date such as `2025-01-31`.',
  unknownArticle: 'There is no article `{id}`; use `/kb search` to find one.',
  noResults:
    'No article matches `{query}`; try other words, or `/diagnose` with the log.',
  searchTitle: 'Articles for “{query}”',
  modalTitle: 'Diagnose a log',
  modalLabel: 'Paste the error log',
  modalDescription:
    'The whole error, with the lines before it (up to 4,000 characters).',
  repliedThere: 'Answered {link}.',
  answeredBelow: 'Answered publicly below, as a reply to {link}.',
  notAnswered: 'No answer here.',
  matchedFile: 'Matched in `{file}`.',
  archiveSkipped:
    'The archive holds more files than are read: {count} were not read; attach the log that matters on its own if the answer misses it.',
  pickOther: 'Pick another article',
  removeButton: 'Not helpful — remove',
  unknownInteraction:
    'This button is not known any more; run the command again.'
} as const

export type MessageKey = keyof typeof EN

const ZH_CN: Record<MessageKey, string> = {
  attachmentMedia:
    '`{filename}` 是图片或媒体文件；请以文本附件（`.log`、`.txt`、`.gz` 或 `.zip`）上传日志，或直接粘贴。',
  imageUnreadable:
    '无法读取 `{filename}` 中的文字；请直接粘贴错误文本，或附上更清晰的错误截图。',
  imageTooLarge:
    '`{filename}` 图片太大，无法读取；请把截图裁剪到错误部分，或直接粘贴错误文本。',
  attachmentBinary:
    '`{filename}` 不是文本日志；请以文本附件（`.log`、`.txt`、`.gz` 或 `.zip`）上传日志，或直接粘贴。',
  attachmentTooLarge:
    '`{filename}` 大小为 {size}，超过了 {max} 的上限；请只附上错误附近的部分，或先压缩。',
  attachmentDownload: '无法从 Discord 下载 `{filename}`；请重新上传。',
  attachmentNoText:
    '`{filename}` 里没有文本日志；请把 `.log` 或 `.txt` 文件放进压缩包。',
  noLog: '这条消息里没有可读的日志；请粘贴错误文本或附上文本日志。',
  cooldown: '请稍等：{seconds} 秒后可以再次诊断。',
  failed: '回答时出了问题；请重试，如果一直失败请告诉服务器管理员。',
  expired: '这个回答已过期；请重新运行 `/diagnose`。',
  feedbackThanks: '谢谢，已记录你的反馈。',
  removeDenied: '只有消息作者或管理员可以删除这个回答。',
  removed: '已删除这个回答。',
  reloadDenied: '只有拥有“管理服务器”权限的成员可以重新加载知识库。',
  reloaded: '已重新加载知识库：{count} 篇文章（版本 `{version}`）。',
  reloadFailed: '新的知识库有 {count} 个错误，因此继续使用旧的知识库：',
  statsDenied: '只有拥有“管理服务器”权限的成员可以查看统计。',
  statsUnavailable:
    '这个机器人没有记录统计；运营者可以用 `REMEDY_DB` 打开存储。',
  statsBadSince:
    '`{since}` 不是时间范围；请使用 `30d`、`12h`、`2w` 这样的时长，或 `2025-01-31` 这样的日期。',
  unknownArticle: '没有文章 `{id}`；请用 `/kb search` 查找。',
  noResults:
    '没有与 `{query}` 匹配的文章；请换个说法，或用 `/diagnose` 提交日志。',
  searchTitle: '与“{query}”相关的文章',
  modalTitle: '诊断日志',
  modalLabel: '粘贴错误日志',
  modalDescription: '完整的错误及其前面的几行（最多 4,000 个字符）。',
  repliedThere: '已在 {link} 回复。',
  answeredBelow: '已在下方公开回复 {link}。',
  notAnswered: '这里没有回答。',
  matchedFile: '匹配的文件：`{file}`。',
  archiveSkipped:
    '压缩包里的文件太多：有 {count} 个文件没有读取；如果答案不对，请单独附上相关的日志文件。',
  pickOther: '选择其他文章',
  removeButton: '没有帮助 — 删除',
  unknownInteraction: '这个按钮已失效；请重新运行命令。'
}

/** The messages by Discord locale; the one locale chooser picks among them. */
const MESSAGES: Readonly<Record<string, Record<MessageKey, string>>> = {
  en: EN,
  'zh-CN': ZH_CN
}

type Params = Record<string, string | number>

/**
 * Look up a user-facing message in the user's locale (English when there is no translation).
 * @param locale A Discord locale (`en-US`, `zh-CN` …).
 * @param key The message.
 * @param params Values for `{placeholders}`; byte sizes (`size`, `max`) are shown as MB/KB.
 * @returns The message.
 */
export function t(
  locale: string,
  key: MessageKey,
  params: Params = {}
): string {
  const template = (pickLocale(MESSAGES, locale) ?? EN)[key]
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    if (value === undefined) return whole
    return (name === 'size' || name === 'max') && typeof value === 'number'
      ? formatBytes(value)
      : String(value)
  })
}

/**
 * Show a byte count the way people read it.
 * @param bytes A size.
 * @returns E.g. `8 MB`, `512 KB`, `17 B`.
 */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${Number((bytes / 1024 / 1024).toFixed(1))} MB`
  if (bytes >= 1024) return `${Number((bytes / 1024).toFixed(1))} KB`
  return `${bytes} B`
}

/** An error meant for the user: the dispatcher shows it (localised, ephemeral) instead of "something went wrong". */
export class UserError extends Error {
  readonly key: MessageKey
  readonly params: Params

  constructor(key: MessageKey, params: Params = {}) {
    super(t('en-US', key, params))
    this.name = 'UserError'
    this.key = key
    this.params = params
  }
}
