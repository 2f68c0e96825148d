/**
 * @module kb/rules/fixture
 * The article the rules' examples start from (not a rule): a valid published article, so that an
 * example changes only what its rule is about.
 */

const ARTICLE = `---
id: port-in-use
title: Port already in use
summary: A program cannot listen because another process holds its port.
signatures:
  - errno: EADDRINUSE
    weight: 1
examples:
  match:
    - 'Error: listen EADDRINUSE: address already in use :::3000'
---
# Port already in use

## Symptoms

The program stops with \`EADDRINUSE\`.

## Cause

Another process holds the port.

## Fix

1. Find the process that holds the port and stop it:

   \`\`\`sh
   ss -ltnp
   \`\`\`

## Verify

Start the program again.
`

/**
 * The example article, with some of its text replaced.
 * @param replace Pairs of text to find and its replacement, applied in order (each must be found).
 * @returns The article's Markdown.
 */
export function article(...replace: [from: string, to: string][]): string {
  let text = ARTICLE
  for (const [from, to] of replace) text = text.replace(from, to)
  return text
}

/** The example article's zh-CN translation (`port-in-use.zh-CN.md`). */
export const TRANSLATION = `---
id: port-in-use
locale: zh-CN
title: 端口已被占用
summary: 另一个进程占用了端口，程序无法监听。
---
# 端口已被占用

## 症状

程序因 \`EADDRINUSE\` 退出。

## 原因

另一个进程占用了该端口。

## 解决步骤

1. 找到占用端口的进程并停止它：

   \`\`\`sh
   ss -ltnp
   \`\`\`

## 验证

再次启动程序。
`
