import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { main } from '../../src/cli/main.js'
import { configWith } from '../../src/gateway/env.js'
import { type RunningGateway, startGateway } from '../../src/gateway/server.js'
import { FIXTURES_DIR } from '../helpers/fixtures.js'
import { removeTempDirs, type SecureGateway, startSecureGateway } from '../security/helpers.js'

const BOTTLE = path.join(FIXTURES_DIR, 'bottle-alpha.png')

interface Run {
  readonly code: number
  readonly out: string[]
  readonly err: string[]
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, env, { out: (line) => out.push(line), err: (line) => err.push(line) })
  return { code, out, err }
}

interface Raw {
  readonly width: number
  readonly height: number
  readonly data: Buffer
}

async function raw(file: string): Promise<Raw> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data }
}

function alphaOf(image: Raw): Buffer {
  const alpha = Buffer.alloc(image.width * image.height)
  for (let i = 0; i < alpha.length; i++) alpha[i] = image.data[i * 4 + 3]!
  return alpha
}

/** Mean luminance of the subject's pixels on each side of the image. */
function sideMeans(image: Raw, axis: 'x' | 'y'): { first: number; second: number } {
  const sums = [0, 0]
  const counts = [0, 0]
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4
      if (image.data[i + 3]! < 128) continue
      const side = (axis === 'x' ? x / image.width : y / image.height) < 0.5 ? 0 : 1
      sums[side]! += 0.2126 * image.data[i]! + 0.7152 * image.data[i + 1]! + 0.0722 * image.data[i + 2]!
      counts[side]!++
    }
  }
  return { first: sums[0]! / counts[0]!, second: sums[1]! / counts[1]! }
}

async function jobCount(base: string): Promise<number> {
  const response = await fetch(`${base}/v1/jobs?limit=100`)
  return ((await response.json()) as { jobs: unknown[] }).jobs.length
}

let dir: string
let input: Raw

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relight-cli-'))
  input = await raw(BOTTLE)
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('relight CLI, in-process', () => {
  const cases = [
    { light: 'left', axis: 'x', lit: 'first' },
    { light: 'right', axis: 'x', lit: 'second' },
    { light: 'top', axis: 'y', lit: 'first' },
    { light: 'bottom', axis: 'y', lit: 'second' }
  ] as const

  for (const { light, axis, lit } of cases) {
    it(`--light ${light} --output cutout keeps the input's size and exact alpha and brightens the ${light} side`, async () => {
      const out = path.join(dir, `bottle-${light}.png`)
      const result = await run([
        BOTTLE,
        '--light',
        light,
        '--prompt',
        'warm light',
        '--output',
        'cutout',
        '--out',
        out,
        '-q'
      ])
      expect(result.err).toEqual([])
      expect(result.code).toBe(0)
      const relit = await raw(out)
      expect([relit.width, relit.height]).toEqual([input.width, input.height])
      expect(alphaOf(relit).equals(alphaOf(input))).toBe(true)
      const before = sideMeans(input, axis)
      const after = sideMeans(relit, axis)
      const dark = lit === 'first' ? 'second' : 'first'
      expect(after[lit] - before[lit]).toBeGreaterThan(after[dark] - before[dark])
    })
  }

  it('writes numbered files for several variations and reports each path', async () => {
    const out = path.join(dir, 'variations.webp')
    const result = await run([BOTTLE, '-p', 'neon night', '-l', 'left', '-n', '3', '-o', out])
    expect(result.code).toBe(0)
    expect(result.out).toEqual([1, 2, 3].map((n) => path.join(dir, `variations-${n}.webp`)))
    const meta = await sharp(await readFile(result.out[2]!)).metadata()
    expect(meta.format).toBe('webp')
  })

  it('lists the models with the Studio engine as the default', async () => {
    const result = await run(['--models'])
    expect(result.code).toBe(0)
    expect(result.out.find((line) => line.startsWith('*'))).toMatch(/local\/studio/)
  })
})

describe('relight CLI, bad input', () => {
  it('exits 2 with a usage message when the prompt is missing', async () => {
    const result = await run([BOTTLE, '--light', 'left'])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--prompt/)
  })

  it('exits 2 naming the allowed light sources for an unknown one', async () => {
    const result = await run([BOTTLE, '-p', 'x', '--light', 'diagonal'])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--light must be one of none, left, right, top, bottom/)
  })

  it('exits 2 for an unsupported output file type', async () => {
    const result = await run([BOTTLE, '-p', 'x', '--out', path.join(dir, 'x.gif')])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/\.png, \.jpg or \.webp/)
  })

  it('exits 1 naming a missing input file', async () => {
    const result = await run([path.join(dir, 'nope.png'), '-p', 'x'])
    expect(result.code).toBe(1)
    expect(result.err.join('\n')).toMatch(/cannot read .*nope\.png: no such file/)
  })

  it('exits 1 for a file that is not an image, and writes nothing', async () => {
    const text = path.join(dir, 'notes.png')
    await writeFile(text, 'not an image at all')
    const out = path.join(dir, 'never.png')
    const result = await run([text, '-p', 'x', '-o', out])
    expect(result.code).toBe(1)
    expect(result.err.join('\n')).toMatch(/not a PNG, JPEG or WebP image/)
    await expect(readFile(out)).rejects.toThrow()
  })

  it('exits 2 naming --option for an invalid model option', async () => {
    const result = await run([BOTTLE, '-p', 'x', '--option', 'elevation=500', '-o', path.join(dir, 'e.png')])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--option elevation: Elevation must be between 0 and 90/)
  })

  it('exits 2 for --option rim=banana, naming the option', async () => {
    const result = await run([BOTTLE, '-p', 'x', '--option', 'rim=banana', '-o', path.join(dir, 'r.png')])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--option rim: Rim must be a number/)
  })

  it('speaks of --variations, not numImages, and exits 2 for too many variations', async () => {
    const result = await run([BOTTLE, '-p', 'x', '-n', '9', '-o', path.join(dir, 'n.png')])
    expect(result.code).toBe(2)
    const err = result.err.join('\n')
    expect(err).toMatch(/--variations must be between 1 and 4 \(got 9\)/)
    expect(err).not.toMatch(/numImages/)
  })

  it('speaks of --seed for a seed out of range, and exits 2', async () => {
    const result = await run([BOTTLE, '-p', 'x', '--seed', '99999999999', '-o', path.join(dir, 's.png')])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/^relight: --seed must be at most 4294967295/)
  })

  it('exits 2 for an output directory that does not exist, before relighting', async () => {
    const out = path.join(dir, 'no-such-dir', 'x.png')
    const started = Date.now()
    const result = await run([BOTTLE, '-p', 'x', '-o', out])
    expect(result.code).toBe(2)
    expect(result.err).toEqual([`relight: cannot write ${out}: no such directory`])
    expect(Date.now() - started).toBeLessThan(1000) // no in-process gateway was started
  })

  it('exits 2 when --out names a directory', async () => {
    const out = path.join(dir, 'a-dir.png')
    await mkdir(out, { recursive: true })
    const result = await run([BOTTLE, '-p', 'x', '-o', out])
    expect(result.code).toBe(2)
    expect(result.err).toEqual([`relight: cannot write ${out}: it is a directory`])
  })
})

describe('relight CLI, through a gateway', () => {
  let gateway: RunningGateway

  beforeAll(async () => {
    gateway = await startGateway(configWith({ port: 0, logLevel: 'silent', dataDir: dir }))
  })

  afterAll(async () => {
    await gateway.close()
  })

  it('relights through --gateway with the same result as in-process', async () => {
    const viaGateway = path.join(dir, 'gw.png')
    const inProcess = path.join(dir, 'local.png')
    const args = [BOTTLE, '-p', 'golden hour', '-l', 'right', '--output', 'cutout', '-q']
    expect((await run([...args, '-o', viaGateway, '--gateway', gateway.url])).code).toBe(0)
    expect((await run([...args, '-o', inProcess])).code).toBe(0)
    expect((await raw(viaGateway)).data.equals((await raw(inProcess)).data)).toBe(true)
  })

  it('exits 1 saying the gateway cannot be reached, pointing at --gateway (not the plugin Settings)', async () => {
    const result = await run([
      BOTTLE,
      '-p',
      'x',
      '--gateway',
      'http://127.0.0.1:9',
      '-o',
      path.join(dir, 'u.png')
    ])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/reach/i)
    expect(err).toMatch(/--gateway is right/)
    expect(err).not.toMatch(/settings/i)
  })

  it('a wrong --gateway path says to check --gateway', async () => {
    const result = await run(['--models', '--gateway', `${gateway.url}/not-here`])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/Check --gateway/)
    expect(err).not.toMatch(/settings/i)
  })

  it('a refused parameter is not relit: the gateway gets no job', async () => {
    const before = await jobCount(gateway.url)
    const result = await run([
      BOTTLE,
      '-p',
      'x',
      '-n',
      '7',
      '--gateway',
      gateway.url,
      '-o',
      path.join(dir, 'g.png')
    ])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--variations must be between 1 and 4/)
    expect(await jobCount(gateway.url)).toBe(before)
  })

  it('an output directory that does not exist is refused before anything is sent', async () => {
    const before = await jobCount(gateway.url)
    const out = path.join(dir, 'missing', 'x.png')
    const result = await run([BOTTLE, '-p', 'x', '--gateway', gateway.url, '-o', out])
    expect(result.code).toBe(2)
    expect(result.err).toEqual([`relight: cannot write ${out}: no such directory`])
    expect(await jobCount(gateway.url)).toBe(before)
  })
})

describe('relight CLI, through a gateway with tokens', () => {
  let secure: SecureGateway

  beforeAll(async () => {
    secure = await startSecureGateway()
  })

  afterAll(async () => {
    await secure.dispose()
    removeTempDirs()
  })

  it('without a token, says to pass --token (not to paste it in Settings)', async () => {
    const result = await run(['--models', '--gateway', secure.url])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/needs a token/)
    expect(err).toMatch(/--token/)
    expect(err).not.toMatch(/settings/i)
  })

  it('with a wrong token, says to check --token', async () => {
    const result = await run(['--models', '--gateway', secure.url, '--token', 'rlt_wrong'])
    expect(result.code).toBe(1)
    const err = result.err.join('\n')
    expect(err).toMatch(/did not accept/)
    expect(err).toMatch(/--token/)
    expect(err).not.toMatch(/settings/i)
  })

  it('with the token from RELIGHT_TOKEN, lists the models', async () => {
    const result = await run(['--models', '--gateway', secure.url], { RELIGHT_TOKEN: secure.tokens.alice! })
    expect(result.code).toBe(0)
    expect(result.out.join('\n')).toMatch(/local\/studio/)
  })
})
