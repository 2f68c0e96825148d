/**
 * @module web/views/diagnose
 * The Diagnose view: send the pasted (or opened, or dropped) log and show the answer.
 */
import { diagnose, diagnoseImage } from '../api.ts'
import { renderAnswer } from '../answer.ts'
import { $, messageOf, replace } from '../dom.ts'
import { state, t } from '../state.ts'

/** Files above this are read as their head and tail, as the matcher reads long logs. */
const MAX_UPLOAD = 2 * 1024 * 1024

/** What the server answers for a log or a screenshot (the view's input). */
type AnswerView = Parameters<typeof renderAnswer>[0]

/**
 * Ask the server, then show the answer (or what went wrong) in the view, with the form disabled
 * meanwhile: the one path of a pasted log and of a screenshot.
 * @param working What the status line says while waiting.
 * @param request The request to the server.
 * @param logOf The log the answer is about (kept for the locale switch).
 */
async function showAnswer(
  working: string,
  request: () => Promise<AnswerView>,
  logOf: (view: AnswerView) => string
): Promise<void> {
  const status = $('status')
  const error = $('form-error')
  const button = $<HTMLButtonElement>('diagnose')
  status.textContent = working
  button.disabled = true
  try {
    const view = await request()
    state.lastLog = logOf(view)
    state.hasResult = true
    const result = $('result')
    replace(result, renderAnswer(view))
    result.hidden = false
    status.textContent = t('done')
    document.querySelector<HTMLElement>('#result h2')?.focus()
  } catch (failure) {
    status.textContent = ''
    error.textContent = t('failed') + messageOf(failure)
    error.hidden = false
  } finally {
    button.disabled = false
  }
}

/**
 * Diagnose a log and show the answer (or what went wrong) in the view.
 * @param log The log text.
 */
export async function diagnoseLog(log: string): Promise<void> {
  const error = $('form-error')
  error.hidden = true
  if (log.trim() === '') {
    error.textContent = t('emptyLog')
    error.hidden = false
    $('log').focus()
    return
  }
  await showAnswer(
    t('working'),
    () => diagnose(log, state.locale),
    () => log
  )
}

/** Screenshot types the server reads. */
const SCREENSHOT = /^image\/(png|jpeg|webp)$/

/**
 * Diagnose a screenshot: the server reads its text (OCR) and diagnoses it; the text read goes
 * into the box, so the user can correct it and diagnose again.
 * @param image The image opened, dropped or pasted.
 */
export async function diagnoseScreenshot(image: Blob): Promise<void> {
  $('form-error').hidden = true
  await showAnswer(
    t('readingImage'),
    () => diagnoseImage(image, state.locale),
    (view) => {
      const text = view.reply.image?.text ?? ''
      $<HTMLTextAreaElement>('log').value = text
      return text
    }
  )
}

/**
 * Put a log file in the box and diagnose it; a screenshot is read by the server.
 * @param file The file opened or dropped.
 */
export async function diagnoseFile(file: File): Promise<void> {
  if (SCREENSHOT.test(file.type)) return diagnoseScreenshot(file)
  const error = $('form-error')
  error.hidden = true
  let text: string
  if (file.size > MAX_UPLOAD) {
    // Keep the head and the tail, like the matcher does: the fatal error is usually near the end.
    const head = await file.slice(0, MAX_UPLOAD / 4).text()
    const tail = await file.slice(file.size - (MAX_UPLOAD * 3) / 4).text()
    text = `${head}\n${tail}`
    error.textContent = t('fileClipped')
    error.hidden = false
  } else {
    text = await file.text()
  }
  $<HTMLTextAreaElement>('log').value = text
  await diagnoseLog(text)
}

/** Empty the box and the answer. */
export function clearDiagnosis(): void {
  const log = $<HTMLTextAreaElement>('log')
  log.value = ''
  $('result').hidden = true
  $('result').replaceChildren()
  $('form-error').hidden = true
  $('status').textContent = ''
  state.hasResult = false
  log.focus()
}
