import { describe, expect, it } from 'vitest'
import { lazily } from './lazily.ts'

interface Detail {
  id: string
  steps: string[]
  cause: string
}

function detail(counts: Record<string, number>): Detail {
  const value: Detail = { id: 'a', steps: [], cause: '' }
  lazily(value, 'steps', () => {
    counts.steps = (counts.steps ?? 0) + 1
    return ['one', 'two']
  })
  lazily(value, 'cause', () => {
    counts.cause = (counts.cause ?? 0) + 1
    return `because of ${value.steps.length} steps`
  })
  return value
}

describe('lazily', () => {
  it('computes a property on its first read only, and keeps key order and JSON', () => {
    const counts: Record<string, number> = {}
    const value = detail(counts)
    expect(counts).toEqual({})
    expect(JSON.stringify(value)).toBe(
      '{"id":"a","steps":["one","two"],"cause":"because of 2 steps"}'
    )
    expect(value.cause).toBe('because of 2 steps')
    expect(counts).toEqual({ steps: 1, cause: 1 })
    expect(Object.keys(value)).toEqual(['id', 'steps', 'cause'])
    expect(Object.getOwnPropertyDescriptor(value, 'steps')).toMatchObject({
      value: ['one', 'two'],
      writable: true,
      enumerable: true
    })
  })

  it('takes a value set before the first read, without computing', () => {
    const counts: Record<string, number> = {}
    const value = detail(counts)
    value.steps = ['mine']
    expect(value.steps).toEqual(['mine'])
    expect(value.cause).toBe('because of 1 steps')
    expect(counts).toEqual({ cause: 1 })
  })

  it('keeps objects apart: each computes its own value', () => {
    const first = detail({})
    const second = detail({})
    second.steps = ['other']
    expect(first.steps).toEqual(['one', 'two'])
    expect(second.steps).toEqual(['other'])
    expect({ ...first }).toEqual({
      id: 'a',
      steps: ['one', 'two'],
      cause: 'because of 2 steps'
    })
  })
})
