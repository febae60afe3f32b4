/** Parses `relight` command-line arguments into a request, or a usage error naming the problem. */
import { extname } from 'node:path'
import { parseArgs } from 'node:util'

import { DEFAULT_MODEL_ID } from '../protocol/catalog.js'
import { LIGHT_SOURCES, type LightSource, type Output, OUTPUTS } from '../protocol/options.js'

export const USAGE = `Usage: relight <input> --prompt "warm sunset" [options]

Relights an image (PNG, JPEG or WebP) with the Studio engine or any model your gateway offers.

Options:
  --prompt, -p <text>     the light you want ("warm sunset from the left", "neon night")   (required)
  --light, -l <source>    where the light comes from: ${LIGHT_SOURCES.join(', ')} (default: none)
  --out, -o <file>        where to write the result (.png, .jpg or .webp; default: <input>-relit.png);
                          with --variations N > 1, files are numbered: out-1.png, out-2.png, …
  --model, -m <id>        model id (default: ${DEFAULT_MODEL_ID}); \`relight --models\` lists them
  --output <kind>         scene (full image) or cutout (keep the input's transparency)
                          (default: scene with --background; else cutout when the input has
                          transparency, else scene)
  --background <file>     light the input to match this background and place it on it (a PNG, JPEG or
                          WebP; Studio, or a model \`relight --models\` marks "takes a background")
  --variations, -n <n>    how many images (default: 1)
  --seed <n>              seed for models that take one
  --option <name=value>   a model-specific option, e.g. --option rim=0.8 (repeatable)
  --gateway <url>         relight through a Relight gateway instead of in-process
  --token <token>         the gateway token (or set RELIGHT_TOKEN)
  --models                list the models and exit
  --quiet, -q             print only errors
  --help, -h              show this help

Admin, on the gateway's machine (RELIGHT_DATA_DIR):
  relight jobs purge --name <token name> [--before 7d]   erase a designer's jobs: results, uploads, records`

export interface CliRequest {
  readonly input: string
  readonly out: string
  readonly prompt: string
  readonly lightSource: LightSource
  readonly model: string
  readonly output: Output | undefined
  /** A background file to match the input to. */
  readonly background: string | undefined
  readonly numImages: number
  readonly seed: number | undefined
  readonly options: Record<string, number | string | boolean>
  readonly gateway: string | undefined
  readonly token: string | undefined
  readonly quiet: boolean
}

export type ParsedArgs =
  | { readonly kind: 'help' }
  | { readonly kind: 'models'; readonly gateway: string | undefined; readonly token: string | undefined }
  | { readonly kind: 'relight'; readonly request: CliRequest }
  | { readonly kind: 'error'; readonly message: string }

const FORMATS = new Set(['.png', '.jpg', '.jpeg', '.webp'])

function optionValue(raw: string): number | string | boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true'
  const number = Number(raw)
  return raw.trim() !== '' && Number.isFinite(number) ? number : raw
}

function wholeNumber(raw: string | undefined, name: string): number | string | undefined {
  if (raw === undefined) return undefined
  const value = Number(raw)
  return Number.isInteger(value) && value >= 0 ? value : `--${name} must be a whole number (got "${raw}").`
}

export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        prompt: { type: 'string', short: 'p' },
        light: { type: 'string', short: 'l' },
        out: { type: 'string', short: 'o' },
        model: { type: 'string', short: 'm' },
        output: { type: 'string' },
        background: { type: 'string' },
        variations: { type: 'string', short: 'n' },
        seed: { type: 'string' },
        option: { type: 'string', multiple: true },
        gateway: { type: 'string' },
        token: { type: 'string' },
        models: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        help: { type: 'boolean', short: 'h' }
      }
    })
  } catch (error) {
    return { kind: 'error', message: (error as Error).message }
  }
  const { values, positionals } = parsed
  const token = values.token ?? env.RELIGHT_TOKEN
  if (values.help) return { kind: 'help' }
  if (values.models) return { kind: 'models', gateway: values.gateway, token }

  if (positionals.length !== 1) {
    return {
      kind: 'error',
      message: positionals.length ? 'Give exactly one input image.' : 'Give an input image to relight.'
    }
  }
  const input = positionals[0]!
  if (values.prompt === undefined || values.prompt.trim() === '') {
    return { kind: 'error', message: 'Describe the light with --prompt, e.g. --prompt "warm sunset".' }
  }
  const light = values.light ?? 'none'
  if (!(LIGHT_SOURCES as readonly string[]).includes(light)) {
    return { kind: 'error', message: `--light must be one of ${LIGHT_SOURCES.join(', ')} (got "${light}").` }
  }
  if (values.output !== undefined && !(OUTPUTS as readonly string[]).includes(values.output)) {
    return { kind: 'error', message: `--output must be scene or cutout (got "${values.output}").` }
  }
  const numImages = wholeNumber(values.variations ?? '1', 'variations')
  const seed = wholeNumber(values.seed, 'seed')
  for (const value of [numImages, seed])
    if (typeof value === 'string') return { kind: 'error', message: value }

  const out = values.out ?? input.replace(/(\.[^./\\]+)?$/, '-relit.png')
  if (!FORMATS.has(extname(out).toLowerCase())) {
    return { kind: 'error', message: `--out must end in .png, .jpg or .webp (got "${out}").` }
  }
  const options: Record<string, number | string | boolean> = {}
  for (const pair of values.option ?? []) {
    const at = pair.indexOf('=')
    if (at <= 0) return { kind: 'error', message: `--option takes name=value (got "${pair}").` }
    options[pair.slice(0, at)] = optionValue(pair.slice(at + 1))
  }
  return {
    kind: 'relight',
    request: {
      input,
      out,
      prompt: values.prompt,
      lightSource: light as LightSource,
      model: values.model ?? DEFAULT_MODEL_ID,
      output: values.output as Output | undefined,
      background: values.background,
      numImages: numImages as number,
      seed: seed as number | undefined,
      options,
      gateway: values.gateway,
      token,
      quiet: values.quiet ?? false
    }
  }
}
