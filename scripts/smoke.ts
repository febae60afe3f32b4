/**
 * One real relight against a provider, for an admin checking a deployment:
 *
 *   npm run smoke -- --model fal/iclight-v2 --image layer.png [--prompt "warm sunset"] [--light left] [--out .]
 *
 * Reads the same environment as the gateway (FAL_KEY, REPLICATE_API_TOKEN, SEGMIND_API_KEY and the base
 * URLs). Without the model's key it prints one skip line and exits 0, so it is safe in CI. The key is
 * never printed. Exit 1 when the provider call fails, 2 on bad arguments.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'

import { loadConfig } from '../src/gateway/env.js'
import { prepareInput } from '../src/gateway/images.js'
import type {
  Provider,
  ProviderContext,
  ProviderInput,
  ProviderResult
} from '../src/gateway/providers/contract.js'
import { defaultProviders } from '../src/gateway/providers/registry.js'
import { findModel, MODELS } from '../src/protocol/catalog.js'
import { parseRelightParams } from '../src/protocol/request.js'

const TIMEOUT_MS = 10 * 60_000

function fail(code: number, message: string): never {
  console.error(`smoke: ${message}`)
  process.exit(code)
}

async function runAsync(
  provider: Provider,
  input: ProviderInput,
  ctx: ProviderContext
): Promise<ProviderResult> {
  if (provider.kind === 'sync') return provider.run(input, ctx)
  const { requestId } = await provider.submit(input, ctx)
  console.log(`smoke: submitted, provider request id ${requestId}`)
  let lastLog = ''
  for (;;) {
    const state = await provider.status(requestId, input.model, ctx)
    const logs = 'logs' in state ? (state.logs ?? []) : []
    const log = logs.at(-1) ?? ''
    if (state.state === 'queued')
      console.log(`smoke: queued${state.queuePosition ? ` at ${state.queuePosition}` : ''}`)
    if (state.state === 'running' && log !== lastLog) console.log(`smoke: running ${log}`)
    lastLog = log
    if (state.state === 'succeeded') return provider.result(requestId, input, ctx)
    if (state.state === 'failed') throw new Error(`${state.error.code}: ${state.error.message}`)
    if (state.state === 'canceled') throw new Error('the provider canceled the request')
    await new Promise((resolve) => setTimeout(resolve, provider.pollIntervalMs))
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      image: { type: 'string' },
      prompt: { type: 'string', default: 'warm sunset light, studio photo' },
      light: { type: 'string', default: 'left' },
      out: { type: 'string', default: '.' }
    }
  })
  const ids = MODELS.filter((m) => m.provider !== 'local').map((m) => m.id)
  if (!values.model || !values.image)
    fail(2, `usage: npm run smoke -- --model <${ids.join('|')}> --image <file>`)
  const model =
    findModel(values.model) ?? fail(2, `unknown model "${values.model}"; one of ${ids.join(', ')}`)
  const config = loadConfig(process.env)
  if (model.keyEnv && !config.keys[model.keyEnv]) {
    console.log(`smoke: skipped ${model.id}: ${model.keyEnv} is not set.`)
    return
  }
  const parsed = parseRelightParams({ model: model.id, prompt: values.prompt, lightSource: values.light })
  if (!parsed.ok) fail(2, `${parsed.error.field}: ${parsed.error.message}`)
  const provider = defaultProviders(config)[model.provider] ?? fail(2, `no adapter for ${model.provider}`)
  const prepared = await prepareInput(
    { image: await readFile(values.image) },
    parsed.params,
    model,
    config.maxPixels
  )
  const input: ProviderInput = { jobId: 'smoke', model, params: parsed.params, ...prepared }
  const signal = AbortSignal.timeout(TIMEOUT_MS)
  const ctx: ProviderContext = {
    signal,
    report: (update) => update.log && console.log(`smoke: ${update.log}`)
  }
  const started = Date.now()
  console.log(
    `smoke: ${model.id} at ${prepared.image.width}×${prepared.image.height} via ${config.providerUrls[model.provider as 'fal']}`
  )
  const result = await runAsync(provider, input, ctx).catch((error: unknown) =>
    fail(1, `failed: ${(error as Error).message}`)
  )
  for (const [n, image] of result.images.entries()) {
    const file = join(
      values.out,
      `smoke-${model.id.replace('/', '-')}-${n}.${image.contentType.split('/')[1]}`
    )
    await writeFile(file, image.bytes)
    console.log(`smoke: wrote ${file} (${image.width}×${image.height}, ${image.contentType})`)
  }
  const seed = result.seed !== undefined ? `, seed ${result.seed}` : ''
  console.log(`smoke: ok in ${((Date.now() - started) / 1000).toFixed(1)} s${seed}`)
}

await main()
