/**
 * @module http/input
 * Read a log to diagnose from a request: JSON `{log, locale}` (or `{image}`, a base64 screenshot),
 * plain text, or a multipart form with a `file` (a log or a screenshot, told apart by content) or a
 * `log` field. Validated here, at the boundary, with zod.
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
  /** Set when the bytes were sent as an image (the JSON `image` field): they must be one. */
  image?: true
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

/** Base64 (standard or URL-safe, padded or not), optionally as a `data:image/…;base64,` URL. */
const BASE64 = /^(?:data:image\/[\w.+-]+;base64,)?([A-Za-z0-9+/_-]+={0,2})$/

const JsonBody = z.object({ log: z.string(), locale: Locale })

/** `{image, locale}`: a screenshot as base64 (read when the body has an `image` key). */
const ImageBody = z.object({
  image: z.string().regex(BASE64, 'expected base64 image data'),
  locale: Locale
})

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
  const parsed =
    value !== null && typeof value === 'object' && 'image' in value
      ? ImageBody.safeParse(value)
      : JsonBody.safeParse(value)
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
  if ('image' in parsed.data) {
    const bytes = Buffer.from(
      BASE64.exec(parsed.data.image)?.[1] ?? '',
      'base64'
    )
    const read = withLocale(new Uint8Array(bytes), parsed.data.locale)
    return read.ok ? { ok: true, input: { ...read.input, image: true } } : read
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
  const file = form.file ?? form.image
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
