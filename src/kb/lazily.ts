/**
 * @module kb/lazily
 * A property computed on its first read: the compiled KB's article parts (read from the cache when
 * an article is shown) and a diagnosis's details (filled when something reads them) use it.
 */

/**
 * Define a property that is computed on its first read and is a plain value from then on, in the
 * place the object literal gave it (so JSON and key order are those of an eager object).
 * @param target The object.
 * @param key The property.
 * @param compute Its value, called once at most.
 */
export function lazily<T extends object, K extends keyof T>(
  target: T,
  key: K,
  compute: () => T[K]
): void {
  const settle = (value: T[K]): T[K] => {
    Object.defineProperty(target, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true
    })
    return value
  }
  Object.defineProperty(target, key, {
    get: () => settle(compute()),
    set: settle,
    enumerable: true,
    configurable: true
  })
}
