import { describe, expect, it } from 'vitest'
import {
  clip,
  escapeMarkdown,
  neutraliseMentions,
  safeCode,
  safeText
} from './text.ts'

describe('neutraliseMentions', () => {
  it.each([
    ['ping @everyone and @here', 'ping @\u200beveryone and @\u200bhere'],
    [
      '<@123> <@!456> <@&789> <#42>',
      '<\u200b@123> <\u200b@!456> <\u200b@&789> <\u200b#42>'
    ],
    ['mail me at a@b', 'mail me at a@b']
  ])('should neutralise %j', (input, expected) => {
    expect(neutraliseMentions(input)).toBe(expected)
  })
})

describe('escapeMarkdown', () => {
  it.each([
    [
      '**bold** _it_ `code` ~~x~~ ||spoiler||',
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~x\\~\\~ \\|\\|spoiler\\|\\|'
    ],
    [
      '# heading\n> quote\n- item\n1. first',
      '\\# heading\n\\> quote\n\\- item\n\\1. first'
    ],
    ['[link](http://x)', '\\[link\\]\\(http://x\\)']
  ])('should escape %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected)
  })
})

describe('safeText and safeCode', () => {
  it('should redact before echoing', () => {
    const line =
      'open /home/alice/.ssh failed, token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 mail bob@example.com'
    for (const out of [safeText(line), safeCode(line)]) {
      expect(out).not.toContain('alice')
      expect(out).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789')
      expect(out).not.toContain('bob@example.com')
    }
  })

  it('should keep a code block closed', () => {
    expect(safeCode('a ``` b')).toBe('a `\u200b`` b')
  })
})

describe('clip', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['this is too long', 10, 'this is t…']
  ])('should clip %j to %i', (input, max, expected) => {
    expect(clip(input, max)).toBe(expected)
  })
})
