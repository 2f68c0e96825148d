import { describe, expect, it } from 'vitest'
import { nextStamp } from './scratch.ts'

describe('nextStamp', () => {
  it('should count up and leave the stamped arrays alone', () => {
    const holder = { stamp: 0 }
    const seen = new Int32Array([0, 7, 0])
    expect([nextStamp(holder, [seen]), nextStamp(holder, [seen])]).toEqual([
      1, 2
    ])
    expect([...seen]).toEqual([0, 7, 0])
  })

  it('should start again at 1 and clear every stamped array when the stamps run out', () => {
    const holder = { stamp: 0x3fffffff - 1 }
    const first = new Int32Array([5, 0x3fffffff - 1])
    const second = new Int32Array([9])
    expect(nextStamp(holder, [first, second])).toBe(1)
    expect([...first, ...second]).toEqual([0, 0, 0])
    expect(holder.stamp).toBe(1)
  })
})
