// Entry of tesseract.js's worker thread beside the TypeScript sources: register tsx in this thread
// (loader hooks registered on the main thread do not reach workers), then load the TypeScript
// worker. In dist/ this file is the compiled `tesseract-worker.ts` itself.
import { register } from 'tsx/esm/api'

register()
await import('./tesseract-worker.ts')
