// The Studio worker's entry, plain JS: a worker thread does not inherit the parent's tsx hooks (and Node 20
// ignores `--import` in a worker's execArgv for the entry itself), so it registers tsx, then loads the engine.
import { register } from 'tsx/esm/api'

register()
await import('./studio-worker.ts')
