/**
 * @module kb/trigram
 * A hash of three UTF-16 units, for the prefilters that rule a text out before searching for it:
 * a log's trigrams and a text's are hashed alike, into 2^16 buckets (`Uint8Array(0x10000)`).
 */

/**
 * Hash three UTF-16 units.
 * @param a The first unit (`charCodeAt`).
 * @param b The second.
 * @param c The third.
 * @returns A number below 2^16.
 */
export const trigramHash = (a: number, b: number, c: number): number =>
  (a * 961 + b * 31 + c) & 0xffff

/**
 * {@link trigramHash} of the three units of a text from an index.
 * @param text The text.
 * @param index Where the three units start (`index + 2` is inside the text).
 * @returns A number below 2^16.
 */
export const trigramAt = (text: string, index: number): number =>
  trigramHash(
    text.charCodeAt(index),
    text.charCodeAt(index + 1),
    text.charCodeAt(index + 2)
  )
