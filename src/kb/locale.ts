/**
 * @module kb/locale
 * The one locale chooser of Remedy: the asked locale, else a locale of the same language, else
 * English. Articles, guides, the reply's words and Discord's messages all pick their text with it.
 */

/** The language of a locale: `zh` for `zh-CN`. */
export const languageOf = (locale: string): string =>
  locale.split('-')[0] ?? locale

/**
 * Choose among the locales something is available in.
 * @param available The locales there is text for, in order of preference among equals (the first
 * locale of the same language wins).
 * @param wanted The locale asked for (undefined: English).
 * @returns The asked locale when available, else the first of the same language, else `en` when
 * available, else undefined (the caller's own default).
 * @example chooseLocale(['en', 'zh-CN'], 'zh-TW') // 'zh-CN'
 */
export function chooseLocale(
  available: Iterable<string>,
  wanted: string | undefined
): string | undefined {
  const locales = [...available]
  const asked = wanted ?? 'en'
  if (locales.includes(asked)) return asked
  const language = languageOf(asked)
  return (
    locales.find((locale) => languageOf(locale) === language) ??
    (locales.includes('en') ? 'en' : undefined)
  )
}

/**
 * Pick the entry of a record keyed by locale with {@link chooseLocale}.
 * @param byLocale Text by locale.
 * @param wanted The locale asked for.
 * @returns The chosen entry, or undefined when there is none of the locale, its language or English.
 */
export function pickLocale<T>(
  byLocale: Readonly<Record<string, T>>,
  wanted: string | undefined
): T | undefined {
  const chosen = chooseLocale(Object.keys(byLocale), wanted)
  return chosen === undefined ? undefined : byLocale[chosen]
}
