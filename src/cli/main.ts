/** `relight`: relight image files from a terminal, in-process or through a gateway. */
import { readFile, writeFile } from 'node:fs/promises'
import { extname } from 'node:path'

import { ApiError, type GatewayClient } from '../protocol/client.js'
import { formatJobStatus } from '../protocol/format-job-status.js'
import type { RelightParamsInput } from '../protocol/request.js'
import { type CliRequest, parseCliArgs, USAGE } from './args.js'
import { connect } from './connect.js'
import { readInputInfo } from './input-info.js'
import { outputProblem } from './output-path.js'
import { inFlagTerms, isUsageError } from './usage-errors.js'

const EXIT_FAILED = 1
const EXIT_USAGE = 2

interface Io {
  readonly out: (line: string) => void
  readonly err: (line: string) => void
}

const stdio: Io = {
  out: (line) => process.stdout.write(line + '\n'),
  err: (line) => process.stderr.write(line + '\n')
}

function formatOf(path: string): 'png' | 'jpeg' | 'webp' {
  const ext = extname(path).toLowerCase()
  return ext === '.png' ? 'png' : ext === '.webp' ? 'webp' : 'jpeg'
}

function numbered(path: string, index: number, count: number): string {
  if (count === 1) return path
  const ext = extname(path)
  return `${path.slice(0, path.length - ext.length)}-${index + 1}${ext}`
}

async function listModels(client: GatewayClient, io: Io): Promise<void> {
  const { models, defaultModel } = await client.models()
  for (const model of models) {
    const state = model.available ? '' : `  (unavailable: ${model.unavailableReason ?? 'not configured'})`
    const takes = model.acceptsBackground ? '  (takes a background)' : ''
    io.out(`${model.id === defaultModel ? '*' : ' '} ${model.id.padEnd(26)} ${model.label}${takes}${state}`)
  }
}

/** The file's bytes, or undefined after saying why it cannot be read. */
async function readInput(path: string, what: string, io: Io): Promise<Uint8Array | undefined> {
  try {
    return new Uint8Array(await readFile(path))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    io.err(
      `relight: cannot read ${what}${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`
    )
    return undefined
  }
}

async function relightFile(client: GatewayClient, request: CliRequest, io: Io): Promise<number> {
  const bytes = await readInput(request.input, '', io)
  if (!bytes) return EXIT_FAILED
  const background =
    request.background === undefined ? undefined : await readInput(request.background, 'the background ', io)
  if (request.background !== undefined && !background) return EXIT_FAILED
  let info
  try {
    info = await readInputInfo(bytes)
  } catch (error) {
    io.err(`relight: cannot use ${request.input}: ${(error as Error).message}.`)
    return EXIT_FAILED
  }

  const { models } = await client.models()
  const model = models.find((entry) => entry.id === request.model)
  if (background && model && !model.acceptsBackground) {
    io.err(
      `relight: --background: ${model.label} cannot match a background on this gateway. Use ` +
        '--model local/studio, or a model `relight --models` marks "takes a background".'
    )
    return EXIT_USAGE
  }
  const output = request.output ?? (background || info.opaque ? 'scene' : 'cutout')
  const format = formatOf(request.out)
  // Models that work at any size (Studio) relight at the input's own size, so nothing is resampled.
  const exactSize =
    model !== undefined &&
    model.size.multiple === 1 &&
    Math.max(info.width, info.height) <= model.size.max &&
    Math.min(info.width, info.height) >= model.size.min
  const params: RelightParamsInput = {
    model: request.model,
    prompt: request.prompt,
    lightSource: request.lightSource,
    output,
    numImages: request.numImages,
    ...(model?.outputFormats.includes(format) ? { outputFormat: format } : {}),
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(exactSize ? { width: info.width, height: info.height } : {}),
    ...(Object.keys(request.options).length ? { options: request.options } : {})
  }

  const { id } = await client.submit(bytes, params, background ? { background } : {})
  let last = ''
  const job = await client.watch(id, (update) => {
    const line = formatJobStatus(update)
    if (!request.quiet && line !== last) io.err(`${request.input}: ${line}`)
    last = line
  })
  if (job.status !== 'succeeded') {
    io.err(`relight: ${job.error?.message ?? `the job ended ${job.status}.`}`)
    return EXIT_FAILED
  }
  for (const [index, image] of job.images.entries()) {
    const result = await client.image(image.url)
    const path = numbered(request.out, index, job.images.length)
    await writeFile(path, result)
    if (!request.quiet) io.out(path)
  }
  return 0
}

export async function main(argv: readonly string[], env = process.env, io: Io = stdio): Promise<number> {
  // The admin's erase, on this machine's gateway data (RELIGHT_DATA_DIR): same as `relight-gateway jobs`.
  if (argv[0] === 'jobs') {
    const { jobsCommand } = await import('../gateway/admin/jobs-command.js')
    return jobsCommand(argv.slice(1), { env, ...io })
  }
  const parsed = parseCliArgs(argv, env)
  if (parsed.kind === 'help') {
    io.out(USAGE)
    return 0
  }
  if (parsed.kind === 'error') {
    io.err(`relight: ${parsed.message}\nRun "relight --help" for usage.`)
    return EXIT_USAGE
  }
  if (parsed.kind === 'relight') {
    // Before any relighting (which may cost a provider call): a result with nowhere to go is a usage error.
    const problem = await outputProblem(parsed.request.out)
    if (problem) {
      io.err(`relight: cannot write ${parsed.request.out}: ${problem}`)
      return EXIT_USAGE
    }
  }
  const gateway = parsed.kind === 'models' ? parsed.gateway : parsed.request.gateway
  const token = parsed.kind === 'models' ? parsed.token : parsed.request.token
  let connection
  try {
    connection = await connect(gateway, token, env)
  } catch (error) {
    io.err(`relight: ${(error as Error).message}`)
    return EXIT_FAILED
  }
  try {
    if (parsed.kind === 'models') {
      await listModels(connection.client, io)
      return 0
    }
    return await relightFile(connection.client, parsed.request, io)
  } catch (error) {
    const field = error instanceof ApiError ? error.field : undefined
    io.err(`relight: ${inFlagTerms((error as Error).message, field)}`)
    return isUsageError(error) ? EXIT_USAGE : EXIT_FAILED
  } finally {
    await connection.close()
  }
}
