/**
 * @module kb/lazily
 * A property computed on its first read: the compiled KB's article parts (read from the cache when
 * an article is shown) and a diagnosis's details (filled when something reads them) use it.
 */

/** Where an object keeps the computations of its lazy properties that have not been read yet. */
const PENDING = Symbol('remedy.lazily')

interface Holder {
  [PENDING]?: Record<PropertyKey, (() => unknown) | undefined>
}

/** Define `key` as a plain, writable value of `target`, in the place its accessor had. */
function settle(target: object, key: PropertyKey, value: unknown): unknown {
  Object.defineProperty(target, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true
  })
  return value
}

/**
 * One accessor per property name, shared by every object: objects that get the same lazy
 * properties in the same order share their hidden class, where one getter closure per object gave
 * each object classes of its own (long-lived garbage, and call sites that saw a new class each time).
 */
const accessors = new Map<PropertyKey, PropertyDescriptor>()

function accessorFor(key: PropertyKey): PropertyDescriptor {
  let accessor = accessors.get(key)
  if (accessor === undefined) {
    accessor = {
      get(this: Holder): unknown {
        const pending = this[PENDING]
        const compute = pending?.[key]
        if (pending !== undefined) pending[key] = undefined
        return settle(this, key, compute === undefined ? undefined : compute())
      },
      set(this: Holder, value: unknown): void {
        settle(this, key, value)
      },
      enumerable: true,
      configurable: true
    }
    accessors.set(key, accessor)
  }
  return accessor
}

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
  const holder: Holder = target
  let pending = holder[PENDING]
  if (pending === undefined) {
    pending = {}
    Object.defineProperty(target, PENDING, { value: pending })
  }
  pending[key] = compute
  Object.defineProperty(target, key, accessorFor(key))
}
