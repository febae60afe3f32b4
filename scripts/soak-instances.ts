/**
 * `npm run soak -- --instances 3`: several gateway child processes sharing one redis-server (REDIS_URL,
 * or one started here on a free port), fake fal/Replicate/Segmind servers with random faults, a few
 * hundred jobs submitted round-robin, and one instance killed with kill -9 mid-run and started again.
 * Prints submitted / succeeded / failed-with-clear-error / lost and exits 1 when anything was lost: a
 * job that never ended, ended without a readable image, failed with no clear message, or was submitted
 * to a provider twice.
 *   SOAK_JOBS (300), SOAK_SEED, SOAK_DEADLINE_S (240), SOAK_TAKEOVER_MS (5000)
 */
import { type ChildGateway, spawnGateway } from '../testkit/child-gateway.js'
import { startFakeFal } from '../testkit/fakes/fal.js'
import { startFakeReplicate } from '../testkit/fakes/replicate.js'
import { startFakeSegmind } from '../testkit/fakes/segmind.js'
import { startTestRedis } from '../testkit/redis-server.js'
import { tempDataDirSync } from './soak-dir.js'
import { seededRandom, startFaults } from './soak-faults.js'
import { acceptedSubmits, sleep, submitOne, tally, waitForEnds } from './soak-jobs.js'

const argAt = process.argv.indexOf('--instances')
const INSTANCES = Math.max(2, Number(process.argv[argAt + 1] ?? 3) || 3)
const JOBS = Number(process.env.SOAK_JOBS ?? 300)
const SEED = Number(process.env.SOAK_SEED ?? Date.now() % 100_000)
const DEADLINE = Date.now() + Number(process.env.SOAK_DEADLINE_S ?? 240) * 1000
const TAKEOVER_MS = Number(process.env.SOAK_TAKEOVER_MS ?? 5000)
const KEYS = { FAL_KEY: 'soak-fal', REPLICATE_API_TOKEN: 'soak-rep', SEGMIND_API_KEY: 'soak-seg' }
const MODELS = [
  { weight: 0.3, params: { model: 'local/studio', prompt: 'warm sunset', lightSource: 'left' } },
  { weight: 0.3, params: { model: 'fal/iclight-v2', prompt: 'neon night', lightSource: 'right' } },
  { weight: 0.25, params: { model: 'replicate/icl-glob-v1', prompt: 'golden hour', lightSource: 'top' } },
  { weight: 0.15, params: { model: 'segmind/ic-light', prompt: 'cool moonlight', lightSource: 'bottom' } }
]
const random = seededRandom(SEED)

const redis = await startTestRedis()
const fal = await startFakeFal({ key: KEYS.FAL_KEY, queuePolls: 1, progressPolls: 2 })
const replicate = await startFakeReplicate({
  token: KEYS.REPLICATE_API_TOKEN,
  startingPolls: 1,
  processingPolls: 2
})
const segmind = await startFakeSegmind({ key: KEYS.SEGMIND_API_KEY, credits: 1_000_000, delayMs: 300 })
const env = () => ({
  ...KEYS,
  REDIS_URL: redis.url,
  RELIGHT_REDIS_PREFIX: `relight-soak-${SEED}:`,
  RELIGHT_TAKEOVER_MS: String(TAKEOVER_MS),
  RELIGHT_DATA_DIR: tempDataDirSync(),
  FAL_QUEUE_URL: fal.url,
  REPLICATE_API_URL: replicate.url,
  SEGMIND_API_URL: segmind.url,
  RELIGHT_CONCURRENCY: '8',
  RELIGHT_JOB_TIMEOUT_MS: '60000',
  RELIGHT_LOG_LEVEL: 'error'
})
const gateways: (ChildGateway | undefined)[] = []
for (let n = 0; n < INSTANCES; n++) gateways.push(await spawnGateway(env(), 90_000))
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

let turn = 0
/** Any live instance answers; a dead one (or a 503) sends the call to the next, as a load balancer would. */
async function call(path: string, init: () => RequestInit = () => ({})): Promise<Response> {
  for (;;) {
    const gateway = gateways[turn++ % INSTANCES]
    if (gateway) {
      try {
        const response = await fetch(`${gateway.url}${path}`, {
          ...init(),
          signal: AbortSignal.timeout(20_000)
        })
        if (response.status !== 503) return response
      } catch {
        // that instance is down: try another
      }
    }
    if (Date.now() > DEADLINE) throw new Error(`gave up on ${path}`)
    await sleep(100)
  }
}

const ids: string[] = []
const submit = (n: number) => submitOne(call, MODELS, random, `soak-${SEED}-${n}`, ids)

/** Starts the killed instance again; a slow machine may need more than one try. */
async function restart(slot: number): Promise<void> {
  while (Date.now() < DEADLINE) {
    try {
      gateways[slot] = await spawnGateway(env(), 90_000)
      console.log(`instance ${slot + 1} started again (${Math.round((Date.now() - started) / 1000)} s)`)
      return
    } catch (error) {
      console.log(`instance ${slot + 1} did not start, trying again: ${String(error).split('\n')[0]}`)
    }
  }
}

const started = Date.now()
const killAt = Math.floor(JOBS / 2)
for (let n = 0; n < JOBS; n += 6) {
  await Promise.all(Array.from({ length: Math.min(6, JOBS - n) }, (_, i) => submit(n + i)))
  if (killAt >= n && killAt < n + 6) {
    const victim = Math.floor(random() * INSTANCES)
    const dead = gateways[victim]!
    gateways[victim] = undefined
    await dead.kill9()
    console.log(`instance ${victim + 1} killed -9 after ${ids.length} submits`)
    void restart(victim)
  }
  await sleep(40)
}

const views = await waitForEnds(call, ids, DEADLINE)
faults.stop()

const { succeeded, failedClearly, lost, errors } = await tally(call, views)
const accepted = acceptedSubmits(views, fal, replicate)

await Promise.all(gateways.map((gateway) => gateway?.stop()))
await Promise.all([fal.close(), replicate.close(), segmind.close(), redis.close()])
console.log(
  `seed ${SEED}, ${INSTANCES} instances on one Redis, one killed -9 and restarted, ${Math.round((Date.now() - started) / 1000)} s`
)
console.log(`faults injected: ${JSON.stringify(faults.counts)}`)
console.log(`failure codes: ${JSON.stringify(errors)}`)
console.log(accepted.line)
console.log(
  `submitted ${ids.length} / succeeded ${succeeded} / failed ${failedClearly} / lost ${lost.length + JOBS - ids.length}`
)
for (const line of lost.slice(0, 20)) console.log(`  lost: ${line}`)
if (accepted.twice)
  console.log('  a provider accepted more submits than it had jobs: something was submitted twice')
process.exit(lost.length > 0 || ids.length !== JOBS || accepted.twice ? 1 : 0)
