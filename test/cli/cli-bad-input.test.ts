import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { BOTTLE, run } from './run-cli.js'

let dir: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'relight-cli-'))
})

afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
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
