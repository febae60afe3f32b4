/**
 * Writes the two backdrop fixtures (fixtures/kitchen-backdrop.png, fixtures/dusk-backdrop.png): smooth
 * synthetic scenes with a clear light, for matching subjects to a background. Run: npx tsx scripts/make-backdrops.ts
 */
import sharp from 'sharp'

/** A warm interior lit by a window on the left: bright warm left, falling to a dim right, a counter below. */
function kitchen(w: number, h: number): Buffer {
  const data = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / (w - 1)
      const v = y / (h - 1)
      const window = Math.exp(-(((u - 0.05) / 0.35) ** 2) - ((v - 0.3) / 0.5) ** 2)
      let level = 0.22 + 0.55 * (1 - u) ** 1.5 + 0.35 * window
      const counter = v > 0.72
      if (counter) level *= 0.8
      const i = (y * w + x) * 3
      const base = counter ? [200, 150, 105] : [245, 205, 160]
      for (let c = 0; c < 3; c++) data[i + c] = Math.max(0, Math.min(255, Math.round(base[c]! * level)))
    }
  }
  return data
}

/** A cool dusk street: light from the upper right, blue ambient. */
function dusk(w: number, h: number): Buffer {
  const data = Buffer.alloc(w * h * 3)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x / (w - 1)
      const v = y / (h - 1)
      const glow = Math.exp(-(((u - 0.9) / 0.3) ** 2) - ((v - 0.15) / 0.35) ** 2)
      const level = 0.2 + 0.35 * u * (1 - v * 0.5) + 0.5 * glow
      const i = (y * w + x) * 3
      data[i] = Math.min(255, Math.round(120 * level + 90 * glow))
      data[i + 1] = Math.min(255, Math.round(150 * level + 40 * glow))
      data[i + 2] = Math.min(255, Math.round(230 * level))
    }
  }
  return data
}

await sharp(kitchen(600, 400), { raw: { width: 600, height: 400, channels: 3 } })
  .png()
  .toFile('fixtures/kitchen-backdrop.png')
await sharp(dusk(600, 400), { raw: { width: 600, height: 400, channels: 3 } })
  .png()
  .toFile('fixtures/dusk-backdrop.png')
