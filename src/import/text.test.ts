import { describe, expect, it } from 'vitest'
import { nodesToMarkdown } from '../kb/parse.ts'
import {
  collapseBlankLines,
  looksLikeCommand,
  looksLikeHeading,
  looksLikeLog,
  textToTree
} from './text.ts'

describe('looksLikeCommand', () => {
  const cases: [string, boolean][] = [
    ['ifconfig | grep MULTICAST', true],
    ['$ dora up', true],
    ['wsl --update', true],
    ['export ZENOH_CONFIG=$HOME/zenoh.json5', true],
    ['ZENOH_CONFIG=./local.json5 dora up', true],
    ['./target/release/dora-daemon --help', true],
    ['sudo ip route add 224.0.0.0/4 dev eth0', true],
    ['ss -ltnp', true],
    ['Restart the machine after you change the network settings.', false],
    ['验证WSL网络接口是否支持多播:', false],
    ['dora is a framework for robots.', false],
    ['', false]
  ]
  for (const [line, expected] of cases) {
    it(`should say ${String(expected)} for ${JSON.stringify(line)}`, () => {
      expect(looksLikeCommand(line)).toBe(expected)
    })
  }
})

describe('looksLikeLog', () => {
  const cases: [string, boolean][] = [
    ['Error: failed to open zenoh session', true],
    ['Caused by:', true],
    ['   1: Address already in use (os error 98)', true],
    ['2025-04-12T09:14:03.118Z ERROR dora_daemon: failed', true],
    ["thread 'main' panicked at src/main.rs:3:5:", true],
    ['The error says the address is busy.', false]
  ]
  for (const [line, expected] of cases) {
    it(`should say ${String(expected)} for ${JSON.stringify(line)}`, () => {
      expect(looksLikeLog(line)).toBe(expected)
    })
  }
})

describe('looksLikeHeading', () => {
  const cases: [string, boolean][] = [
    ['背景介绍', true],
    ['问题本质', true],
    ['Root cause', true],
    ['Best practices', true],
    ['WSL网络架构:', false],
    ['- 优先使用WSL 2.x版本', false],
    ['ifconfig | grep MULTICAST', false],
    [
      'This sentence is a paragraph that goes on well beyond what a heading would ever be.',
      false
    ],
    ['Done.', false]
  ]
  for (const [line, expected] of cases) {
    it(`should say ${String(expected)} for ${JSON.stringify(line)}`, () => {
      expect(looksLikeHeading(line)).toBe(expected)
    })
  }
})

describe('textToTree', () => {
  const cases: [string, string, string][] = [
    [
      'a title, headings, and items separated by lone dashes',
      'Title of the note\nBackground\nSome context that is long enough to be a paragraph, not a heading.\nSolution\n-\nFirst: do this.\n-\nSecond: run it:\nwsl --update\n',
      '# Title of the note\n\n## Background\n\nSome context that is long enough to be a paragraph, not a heading.\n\n## Solution\n\n- **First**: do this.\n- **Second**: run it:\n  ```sh\n  wsl --update\n  ```'
    ],
    [
      'a dash joined to the end of the line before it',
      'T\nFix\n-\nCheck: look:\nip link show -\nRestart: reboot the machine.\n',
      '# T\n\n## Fix\n\n- **Check**: look:\n  ```sh\n  ip link show\n  ```\n- **Restart**: reboot the machine.'
    ],
    [
      'underlined headings and wrapped paragraphs between blank lines',
      'Notes on the daemon\n===================\n\nProblem\n-------\n\nThe daemon stops right after it starts, whenever the coordinator port\nis taken by another run.\nIt says so.\n\nFix\n\n1. Stop the other run\n2. Start again\n',
      '# Notes on the daemon\n\n## Problem\n\nThe daemon stops right after it starts, whenever the coordinator port is taken by another run. It says so.\n\n## Fix\n\n1. Stop the other run\n2. Start again'
    ],
    [
      'a log kept as a text block',
      'T\nSymptoms\nThe daemon prints this and exits, every single time we start it:\nError: failed to open zenoh session\nCaused by:\n   0: Address already in use (os error 98)\n',
      '# T\n\n## Symptoms\n\nThe daemon prints this and exits, every single time we start it:\n\n```text\nError: failed to open zenoh session\nCaused by:\n   0: Address already in use (os error 98)\n```'
    ],
    [
      'Chinese step numbering, and items that are only a command',
      '说明\n解决步骤\n1）停止所有进程：dora destroy\n2）关闭多播：export ZENOH_CONFIG=~/x\n第三步：重新启动\n防火墙\n- sudo ufw allow 7447/tcp\n',
      '# 说明\n\n## 解决步骤\n\n1. **停止所有进程**: `dora destroy`\n2. **关闭多播**: `export ZENOH_CONFIG=~/x`\n3. 重新启动\n\n## 防火墙\n\n- `sudo ufw allow 7447/tcp`'
    ]
  ]
  for (const [name, text, expected] of cases) {
    it(`should read ${name}`, () => {
      expect(nodesToMarkdown(textToTree(text).children)).toBe(expected)
    })
  }
})

describe('collapseBlankLines', () => {
  const cases: [string, string][] = [
    // Runs of three blank lines or more become two.
    ['a\n\n\n\n\nb', 'a\n\n\nb'],
    ['a\n  \n\t\n \n\nb', 'a\n\n\nb'],
    [`\`\`\`sh\n${'\n'.repeat(10_000)}\`\`\`\n`, '```sh\n\n\n```\n'],
    // One or two blank lines, and indentation on lines with text, stay as they are.
    ['a\n\nb', 'a\n\nb'],
    ['a\n\n\nb', 'a\n\n\nb'],
    ['a\n \n\t\nb', 'a\n \n\t\nb'],
    [
      '1. step\n\n   ```sh\n   run\n   ```',
      '1. step\n\n   ```sh\n   run\n   ```'
    ],
    ['', '']
  ]
  for (const [text, expected] of cases) {
    it(`should make ${JSON.stringify(text.slice(0, 30))} ${JSON.stringify(expected.slice(0, 30))}`, () => {
      expect(collapseBlankLines(text)).toBe(expected)
    })
  }
})
