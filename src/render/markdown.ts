/**
 * @module render/markdown
 * Knowledge-base Markdown to HTML for the playground, with mdast-util-to-hast and
 * hast-util-to-html. Raw HTML in the Markdown is dropped (never passed through), and links to other
 * articles become playground links.
 */
import type { Element, Root as HastRoot, RootContent } from 'hast'
import { toHtml } from 'hast-util-to-html'
import { toHast } from 'mdast-util-to-hast'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import { unified } from 'unified'

const parser = unified().use(remarkParse).use(remarkGfm)

/** How links are rewritten: article ids that exist get a playground link. */
export interface LinkContext {
  articleIds: ReadonlySet<string>
}

const ARTICLE_LINK =
  /(?:^|\/)([a-z0-9][a-z0-9-]*)(?:\.[a-zA-Z-]+)?\.md(?:#.*)?$/

/**
 * Point links at other articles to the playground's article page, keep outside links from reaching
 * back into the page, drop `javascript:` and other schemes, and show images as their alt text (the
 * page works offline and loads nothing from elsewhere).
 */
function rewrite(node: HastRoot | Element, context: LinkContext): void {
  const children: RootContent[] = node.children.map((child): RootContent => {
    if (child.type !== 'element') return child
    if (child.tagName === 'img') {
      const alt = child.properties.alt
      return { type: 'text', value: typeof alt === 'string' ? alt : '' }
    }
    if (child.tagName === 'a') rewriteLink(child, context)
    rewrite(child, context)
    return child
  })
  // Only elements and text come out of the map, so an element's children stay element content.
  node.children = children.filter((child) => child.type !== 'doctype')
}

function rewriteLink(node: Element, context: LinkContext): void {
  const href = node.properties.href
  if (typeof href !== 'string') return
  if (/^https?:/i.test(href)) {
    node.properties.rel = ['noopener', 'noreferrer']
    node.properties.target = '_blank'
    return
  }
  if (/^(?:mailto:|#)/i.test(href)) return
  const article = ARTICLE_LINK.exec(href)?.[1]
  if (
    article !== undefined &&
    !/^[a-z][a-z0-9+.-]*:/i.test(href) &&
    context.articleIds.has(article)
  ) {
    node.properties.href = `#/kb/${article}`
  } else {
    delete node.properties.href
  }
}

/**
 * Render a Markdown section of an article to an HTML fragment.
 * @param markdown The Markdown (from the KB, or filled with a log's captures).
 * @param context Which article ids exist, for links.
 * @returns Safe HTML: no raw HTML from the source, text escaped.
 */
export function markdownToHtml(markdown: string, context: LinkContext): string {
  if (markdown.trim() === '') return ''
  const hast = toHast(parser.parse(markdown))
  if (hast.type === 'root' || hast.type === 'element') rewrite(hast, context)
  return toHtml(hast)
}
