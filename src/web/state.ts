/**
 * @module web/state
 * What the page remembers between events: the language, the last log, and the sequence numbers
 * that let a slow answer to an older request be dropped.
 */
import { isLocale, UI, type Locale, type Messages } from './i18n.ts'

/** The page's state. */
export interface PageState {
  locale: Locale
  /** The last log diagnosed, to answer it again when the language changes. */
  lastLog: string
  hasResult: boolean
  searchTimer: number
  /** Raised by every search and stats request; an answer to an older one is dropped. */
  searchSeq: number
  statsSeq: number
}

/** The page's state (one page, one object). */
export const state: PageState = {
  locale: readLocale(),
  lastLog: '',
  hasResult: false,
  searchTimer: 0,
  searchSeq: 0,
  statsSeq: 0
}

/** The saved language, else the browser's (Chinese or English). */
function readLocale(): Locale {
  try {
    const saved = localStorage.getItem('remedy.locale')
    if (saved !== null && isLocale(saved)) return saved
  } catch {
    // Storage can be disabled; the default locale is fine then.
  }
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'
}

/**
 * The page's word for a key, in the current language.
 * @param key A key of {@link Messages}.
 */
export function t<K extends keyof Messages>(key: K): Messages[K] {
  return UI[state.locale][key]
}
