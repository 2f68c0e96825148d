/**
 * @module ocr/tesseract-worker
 * The worker thread tesseract.js runs its engine in (its `workerPath`), in place of the package's
 * own `worker-script/node`. It differs in two places only, both about where the trained data comes
 * from:
 * - `fetch` refuses: Remedy never downloads anything at run time, so a language that is not
 *   installed fails at once instead of reaching for a CDN;
 * - a read of `<langPath>/<lang>.traineddata.gz` is served from the installed
 *   `@tesseract.js-data/<lang>` package (its LSTM-only `4.0.0_best_int` data), so several
 *   languages load from their own packages.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { parentPort } from 'node:worker_threads'
import { gunzipSync } from 'node:zlib'

const require = createRequire(import.meta.url)

/** The parts of tesseract.js's worker script this thread drives. */
interface WorkerScript {
  dispatchHandlers: (packet: unknown, send: (message: unknown) => void) => void
  setAdapter: (adapter: Record<string, unknown>) => void
}

const script =
  require('tesseract.js/src/worker-script/index.js') as WorkerScript
const getCore =
  require('tesseract.js/src/worker-script/node/getCore.js') as unknown

/** Where a language's data is installed: `@tesseract.js-data/<lang>/4.0.0_best_int/`. */
function installedData(path: string): string {
  const match = /([a-z_]+)\.traineddata\.gz$/.exec(path)
  if (match?.[1] === undefined) return path
  const lang = match[1]
  const root = dirname(
    require.resolve(`@tesseract.js-data/${lang}/package.json`)
  )
  return join(root, '4.0.0_best_int', `${lang}.traineddata.gz`)
}

script.setAdapter({
  getCore,
  gunzip: gunzipSync,
  fetch: (url: string) =>
    Promise.reject(new Error(`ocr: no download at run time (${url})`)),
  readCache: (path: string) => readFile(installedData(path)),
  writeCache: () => Promise.resolve(),
  deleteCache: () => Promise.resolve(),
  checkCache: () => Promise.resolve(false)
})

parentPort?.on('message', (packet: unknown) => {
  script.dispatchHandlers(packet, (message) => parentPort?.postMessage(message))
})
