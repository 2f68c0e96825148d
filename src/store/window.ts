/**
 * @module store/window
 * Read `--since` values (`30d`, `12h`, `2w`, `90m`, or a date) and retention periods.
 */
import { INVALID_RETENTION, INVALID_SINCE } from './errors.ts'

const UNIT_MS = {
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000
} as const

/**
 * Turn a `--since` value into an instant.
 * @param value A duration back from `now` (`30d`, `12h`, `2w`, `90m`) or an ISO date.
 * @param now The present (tests pass a fixed one).
 * @returns The instant the window starts at.
 * @example parseSince('30d', new Date('2025-03-31T00:00:00Z')) // 2025-03-01T00:00:00Z
 */
export function parseSince(value: string, now: Date = new Date()): Date {
  const duration = /^(\d{1,6})([mhdw])$/.exec(value.trim())
  if (duration?.[1] !== undefined && duration[2] !== undefined) {
    const unit = duration[2] as keyof typeof UNIT_MS
    return new Date(now.getTime() - Number(duration[1]) * UNIT_MS[unit])
  }
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+Z?)?$/.test(value.trim())) {
    const date = new Date(value.trim())
    if (!Number.isNaN(date.getTime())) return date
  }
  throw new Error(INVALID_SINCE(value))
}

/**
 * Read a retention period in days (`REMEDY_RETENTION_DAYS`, `--retention`).
 * @param value A whole number of days; 0 keeps no logs at all.
 * @returns The number of days.
 */
export function parseRetentionDays(value: string): number {
  if (!/^\d{1,5}$/.test(value.trim())) throw new Error(INVALID_RETENTION(value))
  return Number(value.trim())
}
