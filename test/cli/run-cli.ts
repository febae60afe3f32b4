/** Running the `relight` CLI in-process and reading the images it writes, for the CLI tests. */
import sharp from 'sharp'

import { main } from '../../src/cli/main.js'
import { fixturePath } from '../../testkit/fixtures.js'

export const BOTTLE = fixturePath('bottle-alpha.png')

export interface Run {
  readonly code: number
  readonly out: string[]
  readonly err: string[]
}

/** Runs the CLI in-process with `argv` and `env`, collecting what it prints. */
export async function run(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(argv, env, { out: (line) => out.push(line), err: (line) => err.push(line) })
  return { code, out, err }
}

export interface Raw {
  readonly width: number
  readonly height: number
  readonly data: Buffer
}

/** Decodes an image file into RGBA. */
export async function raw(file: string): Promise<Raw> {
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true })
  return { width: info.width, height: info.height, data }
}

export function alphaOf(image: Raw): Buffer {
  const alpha = Buffer.alloc(image.width * image.height)
  for (let i = 0; i < alpha.length; i++) alpha[i] = image.data[i * 4 + 3]!
  return alpha
}

/** Mean luminance of the subject's pixels on each side of the image. */
export function sideMeans(image: Raw, axis: 'x' | 'y'): { first: number; second: number } {
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
