/**
 * @module match/ocr
 * Matching text that was read from an image. OCR confuses a few characters (0/O, 1/l/I, 5/S, 8/B,
 * `:`/`;`); {@link repairOcrText} undoes the confusions where the context says which character was
 * meant (a number among digits, a letter among letters, a colon where a log prints one), so that
 * signatures and errno numbers match as they do on pasted text. It cannot tell a misread digit from
 * another digit (`0.3.10` read as `0.3.16`): {@link markImageFacts} therefore marks every version,
 * address and errno number read from an image with its certainty, and the answer asks the user to
 * check the ones that decide something (`read from an image: check that your dora version is 0.3.10`)
 * instead of letting them decide silently.
 */
import { errnoByNumber } from '../kb/errno.ts'
import { redact } from './redact.ts'
import type {
  Certainty,
  Facts,
  ImageInput,
  ImageReading,
  Log,
  ReadWord,
  UnsureValue
} from './types.ts'

/** Letters OCR reads in place of digits, and the digit meant. */
const AS_DIGIT: Readonly<Record<string, string>> = {
  O: '0',
  o: '0',
  D: '0',
  l: '1',
  I: '1',
  '|': '1',
  S: '5',
  B: '8'
}

/**
 * A token of digits and letters that may be digits, with dots (versions, addresses) or not. Lower
 * case `s` and a trailing `B` are units (`10s`, `512B`), never digits here.
 */
const NUMBERISH = /(?<![\w.])[\dOolIDS|]+(?:\.[\dOolIDS|]+)*(?![\w])/g
/** Where a log prints a number: `os error 98`, `errno 98`, `[Errno 98]`, `WinError 10048`, `code 98`. */
const NUMBER_AFTER =
  /\b(os error|errno|Errno|WinError|error code|exit code|code)(\s*[:=]?\s*)([\dOolIDSB|]{1,6})(?![\w])/g
/**
 * A word with a zero between letters (`Err0r`, `C0nnection`). Only the zero: a one or a five inside a
 * word is often meant (`sha1sum`, `md5sum`).
 */
const LETTER_WORD = /(?<![\w.])([A-Za-z]+)0([A-Za-z]+)(?![\w.])/g

/** Digits OCR reads one for another (`10061` read as `10861`), each with the digits it may have been. */
const CONFUSED_DIGITS: Readonly<Record<string, string>> = {
  '0': '86',
  '8': '063',
  '6': '085',
  '3': '8',
  '5': '6',
  '1': '7',
  '7': '1'
}
/** Windows error numbers as printed (`WinError 10061`, `os error 10048`, `[10060]`): five digits. */
const WINDOWS_NUMBER = /\b(WinError[ (]|os error |error |[[(])(1\d{4})\b/g

/**
 * A five-digit Windows error number that no Windows error has, read again with one confused digit
 * changed: the first change that gives a common Windows error. Unknown numbers with no such change
 * stay as printed.
 */
function knownWindowsNumber(number: string): string {
  if (errnoByNumber(Number(number), ['windows']).length > 0) return number
  for (let at = 0; at < number.length; at++)
    for (const digit of CONFUSED_DIGITS[number[at] ?? ''] ?? '') {
      const candidate = `${number.slice(0, at)}${digit}${number.slice(at + 1)}`
      if (
        errnoByNumber(Number(candidate), ['windows']).some(
          (reading) => !reading.rare
        )
      )
        return candidate
    }
  return number
}

/** Digits for the confusable letters of a token. */
const digitsOf = (token: string): string =>
  [...token].map((char) => AS_DIGIT[char] ?? char).join('')

/**
 * Undo the character confusions of OCR where the context tells what was meant:
 * - a number with a letter in it becomes digits when digits are the most of it (`0.3.1O` → `0.3.10`,
 *   `224.O.0.224` → `224.0.0.224`), or when a log prints a number there (`os error 9S` → `os error 95`);
 * - a zero between letters becomes an o (`Err0r` → `Error`, `C0nnection` → `Connection`);
 * - a Windows error number no Windows error has becomes the one a confused digit away
 *   (`WinError 10861` → `WinError 10061`);
 * - a semicolon where logs print a colon: between digits (`224.0.0.224;7446`) and after a word
 *   before a space or the end of the line (`Caused by;` → `Caused by:`).
 * @param text The text read from an image.
 * @returns The text with those confusions undone; text with none is returned unchanged.
 * @example repairOcrText('Cannot assign (os error 9g)') // unchanged: `g` is no confusable letter
 */
export function repairOcrText(text: string): string {
  return text
    .replace(NUMBER_AFTER, (_, word: string, gap: string, number: string) =>
      /\d/.test(number)
        ? `${word}${gap}${digitsOf(number)}`
        : `${word}${gap}${number}`
    )
    .replace(NUMBERISH, (token) => {
      const digits = (token.match(/\d/g) ?? []).length
      const letters = (token.match(/[OolIDSsB|]/g) ?? []).length
      return letters > 0 && digits > letters ? digitsOf(token) : token
    })
    .replace(LETTER_WORD, (word: string, before: string, after: string) => {
      if (word.length < 4) return word
      const upper = /^[A-Z]+$/.test(before.slice(-1) + after.slice(0, 1))
      return `${before}${upper ? 'O' : 'o'}${after}`
    })
    .replace(
      WINDOWS_NUMBER,
      (_, before: string, number: string) =>
        `${before}${knownWindowsNumber(number)}`
    )
    .replace(/(\d);(\d)/g, '$1:$2')
    .replace(/\b([A-Za-z]{2,});(?=\s|$)/gm, '$1:')
}

/** Confidence (0–100) at and above which a word read from an image counts as read for certain. */
export const CERTAIN_CONFIDENCE = 95

/**
 * How sure a value read from an image is: the lowest confidence of the words that hold it. A value
 * that no word holds whole (it was repaired, or split across words) is not certain.
 * @param value The value as the matcher read it.
 * @param words The words the OCR read.
 * @returns Its certainty.
 */
export function certaintyOf(
  value: string,
  words: readonly ReadWord[]
): Certainty {
  const holding = words.filter((word) => word.text.includes(value))
  if (holding.length === 0)
    return { fromImage: true, certain: false, confidence: 0 }
  const confidence = Math.min(...holding.map((word) => word.confidence))
  return {
    fromImage: true,
    certain: confidence >= CERTAIN_CONFIDENCE,
    confidence: Math.round(confidence)
  }
}

/**
 * Mark the facts read from an image with their certainty, drop OS error numbers that the same
 * line's wording contradicts (a misread `98` must not outvote `Address already in use`), and list
 * the values the answer asks the user to check.
 * @param facts The facts of the repaired text (changed in place).
 * @param log The normalised log.
 * @param image What the OCR read.
 * @returns The reading the diagnosis carries.
 */
export function markImageFacts(
  facts: Facts,
  log: Log,
  image: ImageInput
): ImageReading {
  const unsure: UnsureValue[] = []
  for (const product of facts.products) {
    if (product.version === undefined) continue
    product.certainty = certaintyOf(product.version, image.words)
    if (!product.certainty.certain)
      unsure.push({
        kind: 'version',
        value: product.version,
        product: product.name,
        line: product.line,
        check: `check that your ${product.name} version is ${product.version}`
      })
  }
  for (const address of facts.addresses) {
    address.certainty = certaintyOf(address.address, image.words)
    if (!address.certainty.certain) {
      const value =
        address.port === undefined
          ? address.address
          : `${address.address}:${address.port}`
      if (!unsure.some((item) => item.value === value))
        unsure.push({
          kind: 'address',
          value,
          line: address.line,
          check: `check that the address is ${value}`
        })
    }
  }
  // A number the wording of its own line contradicts was misread: the wording decides.
  facts.errors = facts.errors.filter(
    (error) =>
      error.code === undefined ||
      !facts.errors.some(
        (other) =>
          other.code === undefined &&
          other.line === error.line &&
          other.errno !== error.errno
      )
  )
  for (const error of facts.errors) {
    if (error.code === undefined) continue
    error.certainty = certaintyOf(String(error.code), image.words)
    const worded = facts.errors.some(
      (other) => other.code === undefined && other.errno === error.errno
    )
    if (!error.certainty.certain && !worded)
      unsure.push({
        kind: 'errno',
        value: String(error.code),
        line: error.line,
        check: `check that the error number is ${error.code} (${error.errno})`
      })
  }
  return {
    text: redact(log.lines.map((line) => line.raw).join('\n')),
    confidence: Math.round(image.confidence),
    unsure
  }
}
