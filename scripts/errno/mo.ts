/**
 * @module scripts/errno/mo
 * A small reader for GNU gettext `.mo` catalogs (the format glibc ships its translations in).
 */

/**
 * Read a `.mo` file into a map from message id to translation.
 * @param bytes The file's bytes.
 * @returns Every non-empty translation, keyed by its (singular) message id.
 * @example readMo(readFileSync('/usr/share/locale/de/LC_MESSAGES/libc.mo')).get('Address already in use')
 */
export function readMo(bytes: Uint8Array): Map<string, string> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const magic = view.getUint32(0, true)
  const little = magic === 0x950412de
  if (!little && view.getUint32(0, false) !== 0x950412de)
    throw new Error(`mo: unexpected magic 0x${magic.toString(16)}`)
  const u32 = (offset: number): number => view.getUint32(offset, little)
  const count = u32(8)
  const ids = u32(12)
  const strs = u32(16)
  const raw = (table: number, index: number): Uint8Array => {
    const length = u32(table + index * 8)
    const offset = u32(table + index * 8 + 4)
    return bytes.subarray(offset, offset + length)
  }
  const header = new TextDecoder('utf-8').decode(raw(strs, 0))
  const charset = /charset=([\w-]+)/i.exec(header)?.[1] ?? 'utf-8'
  const decoder = new TextDecoder(charset)
  const messages = new Map<string, string>()
  for (let index = 0; index < count; index++) {
    // Plural forms are NUL-separated; errno texts have none, so the first form is the message.
    const id = decoder.decode(raw(ids, index)).split('\0')[0] ?? ''
    const str = decoder.decode(raw(strs, index)).split('\0')[0] ?? ''
    if (id !== '' && str !== '') messages.set(id, str)
  }
  return messages
}
