/**
 * Screenshots rendered in the tests from the text of a log: a terminal window in one of several
 * styles (dark and light themes, two monospace fonts, 100 % and 150 % scale, a Windows console and
 * PowerShell), drawn as SVG and rasterised by sharp (librsvg, with the system's fonts). Long lines
 * wrap at the window's width as a terminal wraps them; error lines are coloured as terminals
 * colour them, so the OCR also meets coloured text. Chinese characters are drawn with a CJK font
 * after the style's own, as a terminal falls back to one.
 */
import { existsSync } from 'node:fs'
import sharp from 'sharp'

/** A terminal's look. */
export interface ScreenshotStyle {
  id: string
  background: string
  foreground: string
  /** Colour of the lines that report an error (red in most terminals). */
  error: string
  font: string
  /** Font size in CSS pixels at 100 %. */
  size: number
  /** Display scale (1 = 100 %, 1.5 = 150 %). */
  scale: number
  /** A window title bar (Windows styles), drawn above the text. */
  title?: string
}

/** The fonts the styles use, and where Debian installs them (`fonts-dejavu-core`, `fonts-liberation`). */
export const FONT_FILES: Record<string, string> = {
  'DejaVu Sans Mono': '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  'Liberation Mono':
    '/usr/share/fonts/truetype/liberation/LiberationMono-Regular.ttf'
}

/**
 * The font Chinese characters are drawn with, after the style's own (which has no CJK glyphs), and
 * where Debian's `fonts-wqy-microhei` installs it. Without it a Chinese log renders as empty boxes.
 */
export const CJK_FONT = {
  family: 'WenQuanYi Micro Hei Mono',
  file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  debian: 'fonts-wqy-microhei'
}

/** Whether a text holds CJK characters (a log that needs {@link CJK_FONT} to be drawn). */
export const hasCjk = (text: string): boolean =>
  /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/.test(text)

const required = () => process.env.REMEDY_REQUIRE_FONTS === '1'

/**
 * The fonts of {@link FONT_FILES} that are missing here (the tests say so and skip).
 * @throws When fonts are missing and `REMEDY_REQUIRE_FONTS=1` (CI installs them: no skipping there).
 */
export const missingFonts = (): string[] => {
  const missing = Object.entries(FONT_FILES)
    .filter(([, file]) => !existsSync(file))
    .map(([font]) => font)
  if (missing.length > 0 && required())
    throw new Error(
      `test: fonts missing (${missing.join(', ')}) with REMEDY_REQUIRE_FONTS=1; install fonts-dejavu-core and fonts-liberation`
    )
  return missing
}

/**
 * Whether {@link CJK_FONT} is missing here (the Chinese screenshot tests say so and skip).
 * @throws When it is missing and `REMEDY_REQUIRE_FONTS=1`.
 */
export const missingCjkFont = (): boolean => {
  const missing = !existsSync(CJK_FONT.file)
  if (missing && required())
    throw new Error(
      `test: font missing (${CJK_FONT.family}) with REMEDY_REQUIRE_FONTS=1; install ${CJK_FONT.debian}`
    )
  return missing
}

const dark = { background: '#1e1e1e', foreground: '#d4d4d4', error: '#f14c4c' }
const light = { background: '#ffffff', foreground: '#1f1f1f', error: '#cd3131' }

/** Every style of the test set. */
export const STYLES: ScreenshotStyle[] = [
  {
    id: 'dark-dejavu-100',
    ...dark,
    font: 'DejaVu Sans Mono',
    size: 14,
    scale: 1
  },
  {
    id: 'light-dejavu-100',
    ...light,
    font: 'DejaVu Sans Mono',
    size: 14,
    scale: 1
  },
  {
    id: 'dark-liberation-100',
    ...dark,
    font: 'Liberation Mono',
    size: 14,
    scale: 1
  },
  {
    id: 'light-liberation-150',
    ...light,
    font: 'Liberation Mono',
    size: 14,
    scale: 1.5
  },
  {
    id: 'dark-dejavu-150',
    ...dark,
    font: 'DejaVu Sans Mono',
    size: 14,
    scale: 1.5
  },
  {
    id: 'windows-console',
    background: '#0c0c0c',
    foreground: '#cccccc',
    error: '#cccccc',
    font: 'Liberation Mono',
    size: 16,
    scale: 1,
    title: 'C:\\WINDOWS\\system32\\cmd.exe'
  },
  {
    id: 'powershell',
    background: '#012456',
    foreground: '#eeedf0',
    error: '#ff6060',
    font: 'Liberation Mono',
    size: 16,
    scale: 1,
    title: 'Windows PowerShell'
  }
]

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Lines a terminal shows: tabs expanded, long lines wrapped at the window's columns. */
function wrap(log: string, columns: number): string[] {
  const lines: string[] = []
  for (const raw of log.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.replace(/\t/g, '    ')
    if (line.length === 0) lines.push('')
    for (let at = 0; at < line.length; at += columns)
      lines.push(line.slice(at, at + columns))
  }
  return lines
}

const ERROR_LINE =
  /\b(error|fail|failed|panic|exception|fatal|denied|refused|cannot|unable)\b|错误|失败/i

/**
 * Render a log as a screenshot of a terminal window.
 * @param log The log's text.
 * @param style The terminal's look.
 * @param screen The screen in physical pixels (default 1,920×1,080); a log longer than the
 * window makes a taller picture (a scrolled screenshot).
 * @returns The PNG file.
 */
export async function renderScreenshot(
  log: string,
  style: ScreenshotStyle,
  screen: { width: number; height: number } = { width: 1920, height: 1080 }
): Promise<Buffer> {
  const size = style.size * style.scale
  const lineHeight = Math.round(size * 1.3)
  const pad = Math.round(8 * style.scale)
  const titleHeight =
    style.title === undefined ? 0 : Math.round(30 * style.scale)
  const columns = Math.floor((screen.width - 2 * pad) / (size * 0.61))
  const lines = wrap(log, columns)
  const height = Math.max(
    screen.height,
    titleHeight + 2 * pad + lines.length * lineHeight + lineHeight
  )
  const title =
    style.title === undefined
      ? ''
      : `<rect width="100%" height="${titleHeight}" fill="#ffffff"/><text x="${pad * 2}" y="${Math.round(titleHeight * 0.68)}" font-family="Liberation Sans" font-size="${Math.round(12 * style.scale)}" fill="#000000">${escape(style.title)}</text>`
  const text = lines
    .map(
      (line, index) =>
        `<text x="${pad}" y="${titleHeight + pad + (index + 1) * lineHeight}" xml:space="preserve"${ERROR_LINE.test(line) ? ` fill="${style.error}"` : ''}>${escape(line)}</text>`
    )
    .join('')
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${screen.width}" height="${height}"><rect width="100%" height="100%" fill="${style.background}"/>${title}<g font-family="${style.font}, ${CJK_FONT.family}" font-size="${size}" fill="${style.foreground}">${text}</g></svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}
