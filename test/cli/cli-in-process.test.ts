import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { alphaOf, BOTTLE, type Raw, raw, run, sideMeans } from './run-cli.js'

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
