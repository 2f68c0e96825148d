/**
 * @module web/dom
 * Building the page: elements from plain data (`h`, `svg`), text set as text (never parsed), and
 * the one place HTML is parsed, the server's rendering of KB Markdown (`trusted`), whose code blocks
 * get a Copy button in a bar of their own, so that the button never covers the code.
 */
import { t } from './state.ts'

/** What `h` and `fill` take as children: nodes, text, nothing, or lists of them. */
export type Child = Node | string | number | null | undefined | false | Child[]

/** Attribute values; `on…` names take event listeners. */
type Attribute =
  | string
  | number
  | boolean
  | null
  | undefined
  | ((event: Event) => void)

/**
 * The element of an id.
 * @throws When the page has no such element (a mismatch between index.html and the code).
 */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id)
  if (element === null) throw new Error(`playground: missing #${id}`)
  return element as T
}

/** Append children to an element: nested arrays are flattened, null and false are skipped. */
export function fill<T extends Element>(element: T, ...children: Child[]): T {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue
    if (Array.isArray(child)) fill(element, ...child)
    else element.append(typeof child === 'number' ? String(child) : child)
  }
  return element
}

/** Replace an element's children (see {@link fill}). */
export function replace<T extends Element>(
  element: T,
  ...children: Child[]
): T {
  element.replaceChildren()
  return fill(element, ...children)
}

/** Create an element: `h('a', {href: '#'}, 'text', child)`. Strings become text nodes. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, Attribute> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue
    if (typeof value === 'function')
      element.addEventListener(name.slice(2), value)
    else if (name === 'class') element.className = String(value)
    else element.setAttribute(name, value === true ? '' : String(value))
  }
  return fill(element, ...children)
}

const SVG_NS = 'http://www.w3.org/2000/svg'

/** Create an SVG element, like `h` (attributes only; strings become text nodes). */
export function svg(
  tag: string,
  attributes: Record<string, string | number | undefined> = {},
  ...children: Child[]
): SVGElement {
  const element = document.createElementNS(SVG_NS, tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, String(value))
  }
  return fill(element, ...children)
}

/** Parse HTML the server rendered from KB Markdown, and give its code blocks copy buttons. */
export function trusted(markup: string): DocumentFragment {
  const template = document.createElement('template')
  template.innerHTML = markup
  for (const pre of template.content.querySelectorAll('pre')) {
    pre.replaceWith(codeBlock(pre.textContent, languageOf(pre)))
  }
  return template.content
}

function languageOf(pre: HTMLPreElement): string {
  const code = pre.querySelector('code')
  const match = /language-([\w+-]+)/.exec(code?.className ?? '')
  return match?.[1] ?? ''
}

/**
 * A block of code with its language and a Copy button in a bar above it: the button has its own
 * room, so it covers no command at any width, however long the line or however far it is scrolled.
 */
export function codeBlock(value: string, lang: string): HTMLElement {
  const text = value.replace(/\n$/, '')
  const button = h(
    'button',
    {
      type: 'button',
      class: 'copy',
      'aria-label': `${t('copy')} ${lang}`.trim()
    },
    t('copy')
  )
  button.addEventListener('click', () => void copy(text, button))
  return h(
    'div',
    { class: 'code' },
    h(
      'div',
      { class: 'code-bar' },
      lang === '' ? null : h('span', { class: 'code-lang' }, lang),
      button
    ),
    h(
      'pre',
      { tabindex: '0', 'data-lang': lang || undefined },
      h('code', {}, text)
    )
  )
}

async function copy(text: string, button: HTMLButtonElement): Promise<void> {
  let ok = false
  try {
    await navigator.clipboard.writeText(text)
    ok = true
  } catch {
    const area = h('textarea', { class: 'offscreen', 'aria-hidden': 'true' })
    area.value = text
    document.body.append(area)
    area.select()
    try {
      // The fallback for pages without clipboard access (plain http on another host).
      ok = document.execCommand('copy')
    } catch {
      ok = false
    }
    area.remove()
  }
  button.textContent = ok ? t('copied') : t('copyFailed')
  setTimeout(() => {
    button.textContent = t('copy')
  }, 1500)
}

/** The message of something thrown. */
export function messageOf(failure: unknown): string {
  return failure instanceof Error ? failure.message : String(failure)
}
