/**
 * @module web/main
 * The Remedy playground: paste a log and see the answer the bot would give; browse the KB; read the
 * stats. No framework, no outside requests; `npm run build` bundles these modules into
 * `dist/web/app.js`. Everything that comes from a user or a log is set as text; only the server's
 * HTML (rendered from KB Markdown, raw HTML dropped) is parsed as HTML.
 *
 * The views: `views/diagnose.ts` (the form and its answer, drawn by `answer.ts`), `views/kb.ts` (the
 * KB browser), `views/stats.ts`; `api.ts` calls the server; `dom.ts` builds elements; `i18n.ts` and
 * `state.ts` hold the words and the page's state. This file routes between the views and wires the
 * controls.
 */
import { health } from './api.ts'
import { $ } from './dom.ts'
import { isLocale, UI, type Messages } from './i18n.ts'
import { state, t } from './state.ts'
import {
  clearDiagnosis,
  diagnoseFile,
  diagnoseLog,
  diagnoseScreenshot
} from './views/diagnose.ts'
import { search, showArticle } from './views/kb.ts'
import { loadStats } from './views/stats.ts'

/** Whether a `data-i18n` attribute (not checked at build time) names one of the page's words. */
function isMessageKey(key: string): key is keyof Messages {
  return Object.hasOwn(UI.en, key)
}

/** Put the page's words in the current language into every `data-i18n` element. */
function applyLocale(): void {
  document.documentElement.lang = state.locale
  for (const element of document.querySelectorAll('[data-i18n]')) {
    const key = element.getAttribute('data-i18n') ?? ''
    const value = isMessageKey(key) ? t(key) : undefined
    if (typeof value === 'string') element.textContent = value
  }
  $<HTMLSelectElement>('locale').value = state.locale
}

/**
 * Show the view the address names: `#/` diagnose, `#/kb` the KB browser, `#/kb/ID` an article,
 * `#/stats` the stats.
 * @param event The hashchange, or nothing at start.
 */
function route(event?: Event): void {
  const hash = location.hash || '#/'
  // In-page anchors (the skip link, #log-12) keep the current view.
  if (!hash.startsWith('#/')) {
    if (event) return
    location.replace('#/')
    return
  }
  const article = /^#\/kb\/(.+)$/.exec(hash)
  const kb = hash === '#/kb' || hash.startsWith('#/kb?')
  const stats = hash === '#/stats'
  const diagnoseView = !article && !kb && !stats
  $('view-diagnose').hidden = !diagnoseView
  $('view-kb').hidden = !kb
  $('view-article').hidden = !article
  $('view-stats').hidden = !stats
  $('tab-diagnose').toggleAttribute('aria-current', diagnoseView)
  $('tab-kb').toggleAttribute('aria-current', Boolean(kb || article))
  $('tab-stats').toggleAttribute('aria-current', stats)
  if (stats) {
    document.title = `${t('statsHeading')} · Remedy`
    void loadStats()
  } else if (diagnoseView) {
    document.title = 'Remedy playground'
  } else if (kb) {
    document.title = `${t('kbHeading')} · Remedy`
    void search($<HTMLInputElement>('search').value.trim())
  } else if (article?.[1] !== undefined) {
    void showArticle(decodeURIComponent(article[1]))
  }
}

/** Connect the controls. */
function wire(): void {
  const log = $<HTMLTextAreaElement>('log')
  $('diagnose-form').addEventListener('submit', (event) => {
    event.preventDefault()
    void diagnoseLog(log.value)
  })
  log.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault()
      void diagnoseLog(log.value)
    }
  })
  // A screenshot pasted from the clipboard (how people take them) is read by the server.
  log.addEventListener('paste', (event) => {
    const image = [...(event.clipboardData?.files ?? [])].find((file) =>
      /^image\/(png|jpeg|webp)$/.test(file.type)
    )
    if (image === undefined) return
    event.preventDefault()
    void diagnoseScreenshot(image)
  })
  $('clear').addEventListener('click', clearDiagnosis)
  const picker = $<HTMLInputElement>('file')
  picker.addEventListener('change', () => {
    const file = picker.files?.[0]
    if (file) void diagnoseFile(file)
  })
  const drop = $('drop')
  drop.addEventListener('dragover', (event) => {
    event.preventDefault()
    drop.classList.add('dragging')
  })
  drop.addEventListener('dragleave', () => drop.classList.remove('dragging'))
  drop.addEventListener('drop', (event) => {
    event.preventDefault()
    drop.classList.remove('dragging')
    const file = event.dataTransfer?.files[0]
    if (file) void diagnoseFile(file)
  })
  const picked = $<HTMLSelectElement>('locale')
  picked.addEventListener('change', () => {
    state.locale = isLocale(picked.value) ? picked.value : 'en'
    try {
      localStorage.setItem('remedy.locale', state.locale)
    } catch {
      // Not saved; the choice still holds for this page.
    }
    applyLocale()
    if (state.hasResult && !$('view-diagnose').hidden)
      void diagnoseLog(state.lastLog)
    else route()
  })
  $('search-form').addEventListener('submit', (event) => event.preventDefault())
  $('stats-form').addEventListener('submit', (event) => event.preventDefault())
  $('since').addEventListener('change', () => void loadStats())
  const query = $<HTMLInputElement>('search')
  query.addEventListener('input', () => {
    clearTimeout(state.searchTimer)
    state.searchTimer = window.setTimeout(
      () => void search(query.value.trim()),
      120
    )
  })
  window.addEventListener('hashchange', route)
}

/** The KB version in the footer (informational only). */
async function showVersion(): Promise<void> {
  try {
    const { kbVersion, articles } = await health()
    $('kb-version').textContent = `KB ${kbVersion} · ${articles}`
  } catch {
    // The footer is informational only.
  }
}

applyLocale()
wire()
route()
void showVersion()
