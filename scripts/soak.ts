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

import type { JobView } from '../src/protocol/api.js'
import { type ChildGateway, spawnGateway } from '../testkit/child-gateway.js'
import { startFakeFal } from '../testkit/fakes/fal.js'
import { startFakeReplicate } from '../testkit/fakes/replicate.js'
import { startFakeSegmind } from '../testkit/fakes/segmind.js'
import { fixtureBytes } from '../testkit/fixtures.js'
import { tempDataDirSync } from './soak-dir.js'
import { seededRandom, startFaults } from './soak-faults.js'

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
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
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

const image = fixtureBytes('coffee.png')
function relightForm(params: unknown, bytes: Uint8Array): FormData {
  const form = new FormData()
  form.set('params', JSON.stringify(params))
  form.set('image', new Blob([bytes as Uint8Array<ArrayBuffer>]), 'layer.png')
  return form
}
const ids: string[] = []
const restartAt = new Set(
  Array.from({ length: RESTARTS }, (_, i) => Math.floor(((i + 1) * JOBS) / (RESTARTS + 1)))
)
let restarting: Promise<void> = Promise.resolve()
async function submitOne(n: number): Promise<void> {
  let pick = random()
  const { params } = MODELS.find((m) => (pick -= m.weight) < 0) ?? MODELS[0]!
  const key = `soak-${SEED}-${n}`
  const response = await call('/v1/relight', () => ({
    method: 'POST',
    body: relightForm(params, image),
    headers: { 'Idempotency-Key': key }
  }))
  if (response.status !== 202) throw new Error(`submit ${n}: ${response.status} ${await response.text()}`)
  ids.push(((await response.json()) as { id: string }).id)
}

const started = Date.now()
for (let n = 0; n < JOBS; n += 6) {
  await Promise.all(Array.from({ length: Math.min(6, JOBS - n) }, (_, i) => submitOne(n + i)))
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

const FINAL = new Set(['succeeded', 'failed', 'canceled'])
let views: JobView[] = []
while (Date.now() < DEADLINE) {
  views = []
  for (const id of ids) views.push((await (await call(`/v1/jobs/${id}`)).json()) as JobView)
  if (views.every((view) => FINAL.has(view.status))) break
  await sleep(1000)
}
faults.stop()

let succeeded = 0
let failedClearly = 0
const lost: string[] = []
/** Submits cut off by a crash at providers that list nothing to find them by (fal, Segmind). */
const interrupted: Record<string, number> = {}
for (const view of views) {
  if (view.status === 'succeeded') {
    const got = await call(`/v1/jobs/${view.id}/images/0`)
    if (got.ok && (await got.arrayBuffer()).byteLength > 0) succeeded++
    else lost.push(`${view.id}: succeeded but image 0 is ${got.status}`)
  } else if (
    view.status === 'failed' &&
    view.error?.code === 'interrupted' &&
    view.model.startsWith('replicate/')
  ) {
    lost.push(
      `${view.id} (${view.model}): interrupted although Replicate lists its predictions: ${view.error.message}`
    )
  } else if (view.status === 'failed' && view.error && view.error.code !== 'internal_error') {
    failedClearly++
    if (view.error.code === 'interrupted') {
      const provider = view.model.split('/')[0]!
      interrupted[provider] = (interrupted[provider] ?? 0) + 1
    }
  } else {
    lost.push(`${view.id} (${view.model}): ${view.status} ${view.error ? JSON.stringify(view.error) : ''}`)
  }
}
// Submits the fakes accepted (faulted ones were turned away): never more than one per job.
const accepted = { fal: fal.jobs.size, replicate: replicate.predictions.size }
const jobsOf = (prefix: string) => views.filter((view) => view.model.startsWith(prefix)).length
const twice = accepted.fal > jobsOf('fal/') || accepted.replicate > jobsOf('replicate/')
const errors: Record<string, number> = {}
for (const view of views) if (view.error) errors[view.error.code] = (errors[view.error.code] ?? 0) + 1

await gateway.stop()
await Promise.all([fal.close(), replicate.close(), segmind.close()])
console.log(`seed ${SEED}, ${RESTARTS} restarts (kill -9), ${Math.round((Date.now() - started) / 1000)} s`)
console.log(`faults injected: ${JSON.stringify(faults.counts)}`)
console.log(`failure codes: ${JSON.stringify(errors)}`)
console.log(
  `accepted submits: fal ${accepted.fal} for ${jobsOf('fal/')} jobs, replicate ${accepted.replicate} for ${jobsOf('replicate/')} jobs`
)
const lookups = replicate.requests.filter((r) => r.method === 'GET' && r.path === '/predictions').length
console.log(
  `interrupted by a crash mid-submit (cannot be looked up): ${JSON.stringify(interrupted)}; Replicate list reads while reconciling: ${lookups}`
)
console.log(
  `submitted ${ids.length} / succeeded ${succeeded} / failed-with-clear-error ${failedClearly} / lost ${lost.length + JOBS - ids.length}`
)
for (const line of lost.slice(0, 20)) console.log(`  lost: ${line}`)
if (twice) console.log('  a provider accepted more submits than it had jobs: something was submitted twice')
process.exit(lost.length > 0 || ids.length !== JOBS || twice ? 1 : 0)
