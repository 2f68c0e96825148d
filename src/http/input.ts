/**
 * @module http/input
 * Read a log to diagnose from a request: JSON `{log, locale}`, plain text, or a multipart form with a
 * `file` (or a `log` field). Validated here, at the boundary, with zod.
 */
import type { HonoRequest } from 'hono'
import { z } from 'zod'
import {
  EMPTY_LOG,
  INVALID_DIAGNOSE_BODY,
  INVALID_LOCALE,
  MALFORMED_JSON,
  UNSUPPORTED_MEDIA_TYPE
} from '../errors.ts'

/** A log and the locale to answer in. */
export interface DiagnoseInput {
  log: string | Uint8Array
  locale: string | undefined
}

/** The input, or the status and message to answer with. */
export type ReadResult =
  | { ok: true; input: DiagnoseInput }
  | { ok: false; status: 400 | 415; error: string }

const LOCALE = /^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8}){0,3}$/

const Locale = z
  .string()
  .max(40)
  .refine((value) => LOCALE.test(value))
  .optional()

const JsonBody = z.object({ log: z.string(), locale: Locale })

const fail = (status: 400 | 415, error: string): ReadResult => ({
  ok: false,
  status,
  error
})

function withLocale(
  log: string | Uint8Array,
  locale: string | undefined
): ReadResult {
  if (locale !== undefined && (locale.length > 40 || !LOCALE.test(locale))) {
    return fail(400, INVALID_LOCALE(locale))
  }
  const empty = typeof log === 'string' ? log.trim() === '' : log.length === 0
  if (empty) return fail(400, EMPTY_LOG())
  return { ok: true, input: { log, locale } }
}

async function readJson<P extends string>(
  req: HonoRequest<P>
): Promise<ReadResult> {
  let value: unknown
  try {
    value = JSON.parse(await req.text())
  } catch (error) {
    return fail(
      400,
      MALFORMED_JSON(error instanceof Error ? error.message : String(error))
    )
  }
  const parsed = JsonBody.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue?.path.join('.') ?? ''
    const detail =
      issue === undefined ? 'no detail' : `${where || 'body'}: ${issue.message}`
    if (
      where === 'locale' &&
      value !== null &&
      typeof value === 'object' &&
      'locale' in value
    ) {
      return fail(400, INVALID_LOCALE(String(value.locale)))
    }
    return fail(400, INVALID_DIAGNOSE_BODY(detail))
  }
  return withLocale(parsed.data.log, parsed.data.locale)
}

async function readMultipart<P extends string>(
  req: HonoRequest<P>
): Promise<ReadResult> {
  let form: Record<string, string | File | (string | File)[]>
  try {
    form = await req.parseBody({ all: true })
  } catch (error) {
    return fail(
      400,
      INVALID_DIAGNOSE_BODY(
        error instanceof Error ? error.message : String(error)
      )
    )
  }
  const locale = typeof form.locale === 'string' ? form.locale : undefined
  const file = form.file
  if (file instanceof File) {
    return withLocale(new Uint8Array(await file.arrayBuffer()), locale)
  }
  if (typeof form.log === 'string') return withLocale(form.log, locale)
  return fail(
    400,
    INVALID_DIAGNOSE_BODY('expected one `file` or a `log` field in the form')
  )
}

/**
 * Read the log and locale of a `POST /api/diagnose` request.
 * @param req The Hono request (its body is read once).
 * @returns The input, or a 400/415 answer with its message.
 */
export async function readDiagnoseInput<P extends string>(
  req: HonoRequest<P>
): Promise<ReadResult> {
  const type = (req.header('content-type') ?? 'text/plain')
    .split(';')[0]
    ?.trim()
    .toLowerCase()
  switch (type) {
    case 'application/json':
      return readJson(req)
    case 'multipart/form-data':
      return readMultipart(req)
    case 'text/plain':
    case '':
    case undefined:
      return withLocale(
        new Uint8Array(await req.arrayBuffer()),
        req.query('locale')
      )
    default:
      return fail(415, UNSUPPORTED_MEDIA_TYPE(type))
  }
}
