// Entry of a diagnosis worker thread: register tsx in this thread (loader hooks registered on the
// main thread do not reach workers), then load the TypeScript worker.
import { register } from 'tsx/esm/api'

register()
await import('./worker.ts')
