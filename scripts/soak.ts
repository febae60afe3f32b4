/**
 * `npm run soak`: a bounded soak of the durable job path, on loopback only. A real gateway child process
 * on a temp data dir, fake fal/Replicate/Segmind servers with random faults (429, 500, 503, dropped
 * connections, hangs), a few hundred jobs, and 3 crashes (SIGKILL + restart on the same data dir), each
 * landing while submits are in flight (Replicate's create answers slowly, so some are cut off mid-call).
 * Prints submitted / succeeded / failed-with-clear-error / lost and exits 1 when anything was lost: a job
 * that never ended, ended without a readable image, failed with no clear message, or a Replicate job
 * failed as "interrupted" (Replicate lists its predictions, so a restart must find every one again).
 * fal and Segmind submits cut off by a crash cannot be looked up: those end "interrupted", counted apart.
 *   SOAK_JOBS (300), SOAK_RESTARTS (3), SOAK_SEED, SOAK_DEADLINE_S (170)
 */
import { createServer } from 'node:net'

import { type ChildGateway, spawnGateway } from '../testkit/child-gateway.js'
import { startFakeFal } from '../testkit/fakes/fal.js'
import { startFakeReplicate } from '../testkit/fakes/replicate.js'
import { startFakeSegmind } from '../testkit/fakes/segmind.js'
import { tempDataDirSync } from './soak-dir.js'
import { seededRandom, startFaults } from './soak-faults.js'
import { acceptedSubmits, sleep, submitOne, tally, waitForEnds } from './soak-jobs.js'

const JOBS = Number(process.env.SOAK_JOBS ?? 300)
const RESTARTS = Number(process.env.SOAK_RESTARTS ?? 3)
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 100_000)
const DEADLINE = Date.now() + Number(process.env.SOAK_DEADLINE_S ?? 170) * 1000
const KEYS = { FAL_KEY: 'soak-fal', REPLICATE_API_TOKEN: 'soak-rep', SEGMIND_API_KEY: 'soak-seg' }
const MODELS = [
  { weight: 0.35, params: { model: 'local/studio', prompt: 'warm sunset', lightSource: 'left' } },
  { weight: 0.25, params: { model: 'fal/iclight-v2', prompt: 'neon night', lightSource: 'right' } },
  { weight: 0.25, params: { model: 'replicate/icl-glob-v1', prompt: 'golden hour', lightSource: 'top' } },
  { weight: 0.15, params: { model: 'segmind/ic-light', prompt: 'cool moonlight', lightSource: 'bottom' } }
]
const random = seededRandom(SEED)

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

const fal = await startFakeFal({ key: KEYS.FAL_KEY, queuePolls: 1, progressPolls: 2 })
const replicate = await startFakeReplicate({
  token: KEYS.REPLICATE_API_TOKEN,
  startingPolls: 1,
  processingPolls: 2,
  // A create that takes a while to answer: crashes land while it is in flight.
  createDelayMs: 500
})
const segmind = await startFakeSegmind({ key: KEYS.SEGMIND_API_KEY, credits: 1_000_000, delayMs: 300 })
const port = await freePort()
const base = `http://127.0.0.1:${port}`
const env = {
  ...KEYS,
  PORT: String(port),
  RELIGHT_DATA_DIR: tempDataDirSync(),
  FAL_QUEUE_URL: fal.url,
  REPLICATE_API_URL: replicate.url,
  SEGMIND_API_URL: segmind.url,
  RELIGHT_CONCURRENCY: '16',
  RELIGHT_JOB_TIMEOUT_MS: '45000',
  RELIGHT_LOG_LEVEL: 'error'
}
let gateway: ChildGateway = await spawnGateway(env)
const faults = startFaults(
  [
    { name: 'fal submit', fake: fal, method: 'POST', path: /^\/fal-ai\// },
    { name: 'fal status', fake: fal, method: 'GET', path: /\/status$/ },
    { name: 'fal result', fake: fal, method: 'GET', path: /\/requests\/[^/]+$/ },
    { name: 'replicate create', fake: replicate, method: 'POST', path: /\/predictions$/ },
    { name: 'replicate get', fake: replicate, method: 'GET', path: /^\/predictions\// },
    { name: 'segmind', fake: segmind, method: 'POST', path: /^\/ic-light$/ }
  ],
  random,
  500
)

/** Retries through crashes: the same Idempotency-Key finds the job if the first try was stored. */
async function call(path: string, init: () => RequestInit = () => ({})): Promise<Response> {
  for (;;) {
    try {
      const response = await fetch(`${base}${path}`, { ...init(), signal: AbortSignal.timeout(20_000) })
      if (response.status !== 503) return response
    } catch {
      // the gateway is down (being restarted): try again
    }
    if (Date.now() > DEADLINE) throw new Error(`gave up on ${path}`)
    await sleep(200)
  }
}

const ids: string[] = []
const restartAt = new Set(
  Array.from({ length: RESTARTS }, (_, i) => Math.floor(((i + 1) * JOBS) / (RESTARTS + 1)))
)
let restarting: Promise<void> = Promise.resolve()
const submit = (n: number) => submitOne(call, MODELS, random, `soak-${SEED}-${n}`, ids)

const started = Date.now()
for (let n = 0; n < JOBS; n += 6) {
  await Promise.all(Array.from({ length: Math.min(6, JOBS - n) }, (_, i) => submit(n + i)))
  if ([...restartAt].some((at) => at >= n && at < n + 6)) {
    // Soon after the batch went out: its provider submits are still in flight.
    await sleep(100 + random() * 300)
    await gateway.kill9()
    restarting = spawnGateway(env).then((next) => void (gateway = next))
    await restarting
    console.log(`restart after ${ids.length} submits (${Math.round((Date.now() - started) / 1000)} s)`)
  }
  await sleep(40)
}
await restarting

const views = await waitForEnds(call, ids, DEADLINE)
faults.stop()

// Replicate lists its predictions: a restart must find every one again, so "interrupted" there is a loss.
const { succeeded, failedClearly, lost, errors } = await tally(call, views, (view) =>
  view.status === 'failed' && view.error?.code === 'interrupted' && view.model.startsWith('replicate/')
    ? `interrupted although Replicate lists its predictions: ${view.error.message}`
    : undefined
)
/** Submits cut off by a crash at providers that list nothing to find them by (fal, Segmind). */
const interrupted: Record<string, number> = {}
for (const view of views) {
  if (view.status !== 'failed' || view.error?.code !== 'interrupted' || view.model.startsWith('replicate/'))
    continue
  const provider = view.model.split('/')[0]!
  interrupted[provider] = (interrupted[provider] ?? 0) + 1
}
const accepted = acceptedSubmits(views, fal, replicate)

await gateway.stop()
await Promise.all([fal.close(), replicate.close(), segmind.close()])
console.log(`seed ${SEED}, ${RESTARTS} restarts (kill -9), ${Math.round((Date.now() - started) / 1000)} s`)
console.log(`faults injected: ${JSON.stringify(faults.counts)}`)
console.log(`failure codes: ${JSON.stringify(errors)}`)
console.log(accepted.line)
const lookups = replicate.requests.filter((r) => r.method === 'GET' && r.path === '/predictions').length
console.log(
  `interrupted by a crash mid-submit (cannot be looked up): ${JSON.stringify(interrupted)}; Replicate list reads while reconciling: ${lookups}`
)
console.log(
  `submitted ${ids.length} / succeeded ${succeeded} / failed-with-clear-error ${failedClearly} / lost ${lost.length + JOBS - ids.length}`
)
for (const line of lost.slice(0, 20)) console.log(`  lost: ${line}`)
if (accepted.twice)
  console.log('  a provider accepted more submits than it had jobs: something was submitted twice')
process.exit(lost.length > 0 || ids.length !== JOBS || accepted.twice ? 1 : 0)
