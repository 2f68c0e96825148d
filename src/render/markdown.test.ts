import { describe, expect, it } from 'vitest'
import { markdownToHtml } from './markdown.ts'

const context = { articleIds: new Set(['addr-in-use']) }

describe('markdownToHtml', () => {
  const cases: { name: string; markdown: string; html: string }[] = [
    {
      name: 'should render nothing for an empty section',
      markdown: '  \n',
      html: ''
    },
    {
      name: 'should escape code and drop raw HTML',
      markdown: 'Run <script>alert(1)</script> `a<b`',
      html: '<p>Run alert(1) <code>a&#x3C;b</code></p>'
    },
    {
      name: 'should keep the language of a code block for the copy button',
      markdown: '```sh\necho "<b>"\n```',
      html: '<pre><code class="language-sh">echo "&#x3C;b>"\n</code></pre>'
    },
    {
      name: 'should link an existing article to its playground page',
      markdown: '[Address in use](../network/addr-in-use.md)',
      html: '<p><a href="#/kb/addr-in-use">Address in use</a></p>'
    },
    {
      name: 'should unlink an article that does not exist',
      markdown: '[Missing](../network/missing.md)',
      html: '<p><a>Missing</a></p>'
    },
    {
      name: 'should open outside links in a new tab without an opener',
      markdown: '[zenoh](https://zenoh.io)',
      html: '<p><a href="https://zenoh.io" rel="noopener noreferrer" target="_blank">zenoh</a></p>'
    },
    {
      name: 'should drop javascript: links, even ones that look like article links',
      markdown: '[a](javascript:alert(1)) [b](javascript:x/addr-in-use.md)',
      html: '<p><a>a</a> <a>b</a></p>'
    },
    {
      name: 'should show images as their alt text, so that nothing loads from elsewhere',
      markdown: '![a <b> diagram](https://example.com/x.png)',
      html: '<p>a &#x3C;b> diagram</p>'
    },
    {
      name: 'should render GFM tables',
      markdown: '| a |\n|---|\n| 1 |',
      html: '<table>\n<thead>\n<tr>\n<th>a</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td>1</td>\n</tr>\n</tbody>\n</table>'
    }
  ]
  for (const c of cases) {
    it(c.name, () => {
      expect(markdownToHtml(c.markdown, context)).toBe(c.html)
    })
  }
})
