/** `relight --background`: the CLI lights its input to match a background, in-process like every run. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { RgbaImage } from '../../src/engine/types.js'
import { encodePng } from '../../testkit/fixtures.js'
import { neutralDisc, sideLuma, warmScene, warmth } from '../helpers/scenes.js'
import { raw, run } from './run-cli.js'

let dir: string
const disc = neutralDisc()
const file = (name: string): string => path.join(dir, name)

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relight-cli-scene-'))
  await writeFile(file('disc.png'), await encodePng(disc))
  await writeFile(file('left.png'), await encodePng(warmScene('left')))
  await writeFile(file('right.png'), await encodePng(warmScene('right')))
  await writeFile(file('notes.png'), 'not a picture')
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function image(name: string): Promise<RgbaImage> {
  const { width, height, data } = await raw(file(name))
  return { width, height, data: new Uint8ClampedArray(data) }
}

describe('relight --background', () => {
  it('a neutral cut-out matched to a warm scene lit from the left comes back brighter on the left, warmer', async () => {
    const args = [file('disc.png'), '-p', 'match', '--background', file('left.png'), '--output', 'cutout']
    const result = await run([...args, '-o', file('lit-left.png'), '-q'])
    expect(result.err).toEqual([])
    expect(result.code).toBe(0)
    const lit = await image('lit-left.png')
    expect(sideLuma(lit, 'left', disc)).toBeGreaterThan(sideLuma(lit, 'right', disc) + 10)
    expect(warmth(lit, disc)).toBeGreaterThan(warmth(disc) * 1.15)
  })

  it('on the mirrored scene the right side is the brighter one', async () => {
    const args = [file('disc.png'), '-p', 'match', '--background', file('right.png'), '--output', 'cutout']
    expect((await run([...args, '-o', file('lit-right.png'), '-q'])).code).toBe(0)
    const lit = await image('lit-right.png')
    expect(sideLuma(lit, 'right', disc)).toBeGreaterThan(sideLuma(lit, 'left', disc) + 10)
  })

  it('writes the matched scene at the background size by default', async () => {
    const result = await run([file('disc.png'), '-p', 'match', '--background', file('left.png')])
    expect(result.code).toBe(0)
    expect(result.out).toEqual([file('disc-relit.png')])
    const scene = await image('disc-relit.png')
    expect([scene.width, scene.height]).toEqual([320, 200])
  })

  it('--option lightColor picks the light colour over the scene: cool on the warm scene comes back cool', async () => {
    const args = [file('disc.png'), '-p', 'match', '--background', file('left.png'), '--output', 'cutout']
    const cool = await run([...args, '--option', 'lightColor=#60a0ff', '-o', file('cool.png'), '-q'])
    expect(cool.err).toEqual([])
    expect(warmth(await image('cool.png'), disc)).toBeLessThan(1)
    const bad = await run([...args, '--option', 'lightColor=blue', '-o', file('bad.png'), '-q'])
    expect(bad.code).not.toBe(0)
    expect(bad.err.join('\n')).toMatch(/--option lightColor.*#rrggbb/s)
  })

  it('says which file is missing or unreadable', async () => {
    const missing = await run([file('disc.png'), '-p', 'x', '--background', file('nope.png')])
    expect(missing.code).toBe(1)
    expect(missing.err.join('\n')).toMatch(/cannot read the background .*nope\.png: no such file/)

    const unreadable = await run([file('disc.png'), '-p', 'x', '--background', file('notes.png')])
    expect(unreadable.code).not.toBe(0)
    expect(unreadable.err.join('\n')).toMatch(/background is not a PNG, JPEG or WebP/)
  })

  it('refuses --background for a model that cannot take one, before any relight', async () => {
    const args = ['-p', 'x', '--background', file('left.png'), '--model', 'fal/iclight-v2']
    const result = await run([file('disc.png'), ...args])
    expect(result.code).toBe(2)
    expect(result.err.join('\n')).toMatch(/--background: .* cannot match a background/)
  })

  it('the model list marks the models that take a background', async () => {
    const result = await run(['--models'])
    expect(result.out.find((line) => line.includes('local/studio'))).toMatch(/takes a background/)
    expect(result.out.find((line) => line.includes('fal/iclight-v2'))).not.toMatch(/takes a background/)
  })
})
