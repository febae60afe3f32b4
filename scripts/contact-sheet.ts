/**
 * `npm run contact-sheet`: renders the Studio engine on a few fixtures into docs/contact-sheet.jpg, a grid
 * with no labels. Rows, top to bottom: bottle (cut-out); the bottle, the camera and the guitar as opaque
 * packshots (flattened onto white, white and light gray; maskMode auto finds the subject); glass
 * (semi-transparent cut-out); coffee and the astronaut portrait (opaque photos with no plain background:
 * maskMode auto finds no subject and shapes the light from their own shading); camera (cut-out).
 * Columns, left to right:
 *
 *   1 input (cut-outs over a checkerboard)
 *   2 light from the left, scene        3 from the right, scene     4 from the top, scene
 *   5 from the bottom, scene            6 from the left, cutout (over a checkerboard: the alpha is kept)
 *   7 "warm sunset", from the left      8 "neon night", from the right   9 "moonlight", from the top
 *
 * Every tile uses the local/studio catalog defaults through `studioOptions`, as the gateway does.
 *
 * It also renders docs/match-scene.jpg: cut-outs matched onto backgrounds (`matchScene`, what the gateway
 * does with a `background` file). Rows: bottle, camera, glass, guitar. Columns, in pairs per background
 * (kitchen lit from the left, dusk lit from the upper right, the coffee photo): the cut-out simply pasted
 * on it, then matched to it (its light, colour and cast shadow).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import sharp, { type OverlayOptions } from 'sharp'

import { defaultPlacement, matchScene, relight, resize, studioOptions } from '../src/engine/index.js'
import type { RgbaImage } from '../src/engine/types.js'
import type { LightSource, MaskMode, Output } from '../src/protocol/options.js'
import { parseRelightParams } from '../src/protocol/request.js'
import { loadFixture, resizeImage } from '../testkit/fixtures.js'
import { BACKDROPS, flatten } from '../testkit/subject-fixtures.js'

const TILE = 160
/** Working size of each render: what a designer's 1024 px export looks like, scaled down. */
const WORK = 512
interface Row {
  readonly fixture: string
  readonly maskMode: MaskMode
  /** Flattens the cut-out onto this backdrop (BACKDROPS index): an opaque packshot. */
  readonly onto?: number
}
const ROWS: readonly Row[] = [
  { fixture: 'bottle-alpha.png', maskMode: 'alpha' },
  { fixture: 'bottle-alpha.png', maskMode: 'auto', onto: 0 },
  { fixture: 'camera-alpha.png', maskMode: 'auto', onto: 0 },
  { fixture: 'guitar-alpha.png', maskMode: 'auto', onto: 1 },
  { fixture: 'glass-alpha.png', maskMode: 'alpha' },
  { fixture: 'coffee.png', maskMode: 'auto' },
  { fixture: 'astronaut.png', maskMode: 'auto' },
  { fixture: 'camera-alpha.png', maskMode: 'alpha' }
]
const COLUMNS: readonly (null | { lightSource: LightSource; output: Output; prompt: string })[] = [
  null,
  { lightSource: 'left', output: 'scene', prompt: 'studio light' },
  { lightSource: 'right', output: 'scene', prompt: 'studio light' },
  { lightSource: 'top', output: 'scene', prompt: 'studio light' },
  { lightSource: 'bottom', output: 'scene', prompt: 'studio light' },
  { lightSource: 'left', output: 'cutout', prompt: 'studio light' },
  { lightSource: 'left', output: 'scene', prompt: 'warm sunset' },
  { lightSource: 'right', output: 'scene', prompt: 'neon night' },
  { lightSource: 'top', output: 'scene', prompt: 'moonlight' }
]
const OUT = path.resolve(import.meta.dirname, '../docs/contact-sheet.jpg')
const MATCH_OUT = path.resolve(import.meta.dirname, '../docs/match-scene.jpg')
const MATCH_SUBJECTS = ['bottle-alpha.png', 'camera-alpha.png', 'glass-alpha.png', 'guitar-alpha.png']
const MATCH_BACKGROUNDS = ['kitchen-backdrop.png', 'dusk-backdrop.png', 'coffee.png']
/** Background tiles are 3:2, like the backdrops. */
const MATCH_TILE = { width: 240, height: 160 }

/** A light/dark checkerboard the size of a tile, to show transparency. */
function checkerboard(size: number): Buffer {
  const data = Buffer.alloc(size * size * 3)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const v = ((x >> 3) + (y >> 3)) & 1 ? 205 : 235
      data.fill(v, (y * size + x) * 3, (y * size + x) * 3 + 3)
    }
  }
  return data
}

async function tile(img: RgbaImage): Promise<Buffer> {
  const fitted = await sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 }
  })
    .resize(TILE, TILE, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
    .png()
    .toBuffer()
  return sharp(checkerboard(TILE), { raw: { width: TILE, height: TILE, channels: 3 } })
    .composite([{ input: fitted }])
    .png()
    .toBuffer()
}

async function main(): Promise<void> {
  const tiles: OverlayOptions[] = []
  for (const [row, { fixture, maskMode, onto }] of ROWS.entries()) {
    let img = await loadFixture(fixture)
    const scale = Math.min(1, WORK / Math.max(img.width, img.height))
    if (scale < 1) img = await resizeImage(img, Math.round(img.width * scale), Math.round(img.height * scale))
    if (onto !== undefined) img = flatten(img, BACKDROPS[onto]).photo
    for (const [column, condition] of COLUMNS.entries()) {
      let out = img
      if (condition) {
        const parsed = parseRelightParams({ model: 'local/studio', maskMode, ...condition })
        if (!parsed.ok) throw new Error(parsed.error.message)
        out = relight(img, studioOptions(parsed.params))
      }
      tiles.push({ input: await tile(out), left: column * TILE, top: row * TILE })
    }
  }
  const sheet = await sharp({
    create: {
      width: COLUMNS.length * TILE,
      height: ROWS.length * TILE,
      channels: 3,
      background: '#ffffff'
    }
  })
    .composite(tiles)
    .jpeg({ quality: 84, mozjpeg: true })
    .toBuffer()
  await mkdir(path.dirname(OUT), { recursive: true })
  await writeFile(OUT, sheet)
  console.log(`wrote ${path.relative(process.cwd(), OUT)} (${Math.round(sheet.length / 1024)} KB)`)
}

/** `top` over `base` at (x, y), straight alpha: the cut-out pasted with no relighting. */
function pasted(base: RgbaImage, top: RgbaImage, x: number, y: number): RgbaImage {
  const data = new Uint8ClampedArray(base.data)
  for (let j = 0; j < top.height; j++) {
    for (let i = 0; i < top.width; i++) {
      const bx = x + i
      const by = y + j
      if (bx < 0 || by < 0 || bx >= base.width || by >= base.height) continue
      const s = (j * top.width + i) * 4
      const d = (by * base.width + bx) * 4
      const a = top.data[s + 3]! / 255
      for (let c = 0; c < 3; c++) data[d + c] = top.data[s + c]! * a + data[d + c]! * (1 - a)
    }
  }
  return { width: base.width, height: base.height, data }
}

async function matchTile(img: RgbaImage): Promise<Buffer> {
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.length), {
    raw: { width: img.width, height: img.height, channels: 4 }
  })
    .resize(MATCH_TILE.width, MATCH_TILE.height, { fit: 'cover' })
    .png()
    .toBuffer()
}

async function matchSheet(): Promise<void> {
  const backgrounds = await Promise.all(MATCH_BACKGROUNDS.map((name) => loadFixture(name)))
  const tiles: OverlayOptions[] = []
  for (const [row, fixture] of MATCH_SUBJECTS.entries()) {
    const subject = await loadFixture(fixture)
    for (const [b, background] of backgrounds.entries()) {
      const place = defaultPlacement(background, subject)
      const placement = {
        ...place,
        width: Math.round(place.width * 0.8),
        height: Math.round(place.height * 0.8)
      }
      placement.x += Math.round((place.width - placement.width) / 2)
      placement.y += place.height - placement.height
      const flat = pasted(
        background,
        resize(subject, placement.width, placement.height),
        placement.x,
        placement.y
      )
      const matched = matchScene(subject, background, { placement }).composite
      for (const [k, img] of [flat, matched].entries()) {
        const left = (b * 2 + k) * MATCH_TILE.width
        tiles.push({ input: await matchTile(img), left, top: row * MATCH_TILE.height })
      }
    }
  }
  const sheet = await sharp({
    create: {
      width: MATCH_BACKGROUNDS.length * 2 * MATCH_TILE.width,
      height: MATCH_SUBJECTS.length * MATCH_TILE.height,
      channels: 3,
      background: '#ffffff'
    }
  })
    .composite(tiles)
    .jpeg({ quality: 84, mozjpeg: true })
    .toBuffer()
  await writeFile(MATCH_OUT, sheet)
  console.log(`wrote ${path.relative(process.cwd(), MATCH_OUT)} (${Math.round(sheet.length / 1024)} KB)`)
}

await main()
await matchSheet()
