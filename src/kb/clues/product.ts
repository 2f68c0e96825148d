/**
 * `product: dora`, optionally `version: '>=0.3.10'`: the log shows this product (at a version in
 * the range).
 */
import validRange from 'semver/ranges/valid.js'
import type { ClueCommon, ClueSyntax } from './types.ts'

export interface ProductClue extends ClueCommon {
  kind: 'product'
  name: string
  range: string | undefined
}

export const product: ClueSyntax<ProductClue> = {
  id: 'product',
  extraKeys: ['version'],
  read(_value, raw, reader) {
    const [name = ''] = reader.strings('a product name such as dora')
    const version = raw.version
    if (
      version !== undefined &&
      (typeof version !== 'string' ||
        validRange(version, { includePrerelease: true }) === null)
    ) {
      reader.issue(
        [...reader.path, 'version'],
        `Unexpected version range \`${JSON.stringify(version)}\`, expected an npm semver range such as \`>=0.3.10\``
      )
    }
    const range = typeof version === 'string' ? version : undefined
    return {
      name,
      range,
      label: `${name}${range === undefined ? '' : ` ${range}`}`
    }
  },
  children: () => []
}
