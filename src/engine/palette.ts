/**
 * Step 3b: the light's color and character from the prompt's words. Each entry maps words or phrases to a
 * color (a color temperature in kelvin, or an RGB gel), a strength and a softness; some add a second
 * color for the fill. Phrases match whole words, longest first, and a matched phrase consumes its words
 * ("golden hour" does not also count as "golden"). Several matches mix: colors by geometric mean,
 * strengths multiply, softness averages. Nothing matched: neutral white at strength 1. A "strong" fill also
 * multiplies the ambient option (1.8 for neon), so the second color shows on the side away from the light.
 *
 * | words                                         | color            | strength | softness | fill          |
 * | --------------------------------------------- | ---------------- | -------- | -------- | ------------- |
 * | candle, candlelight, candlelit                | 1850 K           | 0.75     | 0.6      |               |
 * | fire, firelight, campfire, fireplace          | 2000 K           | 1        | 0.4      |               |
 * | sunset, dusk                                  | 2300 K           | 1.05     | 0.4      | lavender sky  |
 * | sunrise, dawn                                 | 3000 K           | 0.95     | 0.5      | pale blue sky |
 * | golden hour                                   | 2800 K           | 1.1      | 0.35     |               |
 * | golden                                        | 3200 K           | 1        |          |               |
 * | tungsten, incandescent, lamp, lamplight       | 3000 K           | 1        |          |               |
 * | warm                                          | 3600 K           | 1        |          |               |
 * | studio                                        | 6000 K           | 1        | 0.5      |               |
 * | softbox                                       | 5600 K           | 1        | 0.9      |               |
 * | daylight, sunlight, sunny, noon, sun          | 5800 K           | 1.15     | 0.2      |               |
 * | window, window light                          | 6200 K           | 0.95     | 0.8      |               |
 * | overcast, cloudy                              | 7000 K           | 0.85     | 1        |               |
 * | cool, cold                                    | 9000 K           | 1        |          |               |
 * | moonlight, moonlit, moon                      | 11000 K          | 0.7      | 0.5      | night blue    |
 * | blue hour, twilight                           | 13000 K          | 0.85     | 0.7      | deep blue     |
 * | night                                         | 10000 K          | 0.75     |          | night blue    |
 * | neon, cyberpunk                               | magenta gel      | 1.1      | 0.3      | cyan, strong  |
 * | fluorescent, office                           | green-white      | 1        | 0.7      |               |
 * | dramatic, spotlight, hard light, harsh        | (none)           | 1.25     | 0.05     |               |
 * | soft, soft light, diffused, diffuse           | (none)           | 1        | 0.9      |               |
 * | bright                                        | (none)           | 1.25     |          |               |
 * | dim, moody, dark, low key                     | (none)           | 0.75     |          |               |
 * | red, orange, amber, yellow, green, teal,      | gels of those    | 1        |          |               |
 * |   cyan, blue, purple, violet, pink, magenta   |                  |          |          |               |
 */
import { normalizeColor } from './light.js'
import type { LightColor, Rgb } from './types.js'

export interface VocabularyEntry {
  readonly words: readonly string[]
  readonly color?: Rgb
  readonly intensity?: number
  readonly softness?: number
  readonly fill?: Rgb
  readonly fillStrength?: number
}

/** How much of a blackbody's tint a word applies: a camera's white balance takes part of it away. */
const TINT = 0.85
const NEUTRAL: Rgb = [1, 1, 1]

/** Color temperature to linear RGB relative to 6500 K (Tanner Helland's fit), toned by `TINT`. */
export function kelvin(k: number): Rgb {
  const raw = (t: number): Rgb => {
    const h = t / 100
    const r = h <= 66 ? 255 : 329.698727446 * Math.pow(h - 60, -0.1332047592)
    const g =
      h <= 66
        ? 99.4708025861 * Math.log(h) - 161.1195681661
        : 288.1221695283 * Math.pow(h - 60, -0.0755148492)
    const b = h >= 66 ? 255 : h <= 19 ? 0 : 138.5177312231 * Math.log(h - 10) - 305.0447927307
    const lin = (v: number): number => {
      const s = Math.min(255, Math.max(0, v)) / 255
      return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4)
    }
    return [lin(r), lin(g), lin(b)]
  }
  const c = raw(k)
  const w = raw(6500)
  return normalizeColor([
    1 + TINT * (c[0] / w[0] - 1),
    1 + TINT * (c[1] / w[1] - 1),
    1 + TINT * (c[2] / w[2] - 1)
  ])
}

const gel = (r: number, g: number, b: number): Rgb => normalizeColor([r, g, b])

export const VOCABULARY: readonly VocabularyEntry[] = [
  {
    words: ['candle', 'candlelight', 'candlelit', 'candles'],
    color: kelvin(1850),
    intensity: 0.75,
    softness: 0.6
  },
  { words: ['fire', 'firelight', 'campfire', 'fireplace'], color: kelvin(2000), softness: 0.4 },
  {
    words: ['sunset', 'dusk'],
    color: kelvin(2300),
    intensity: 1.05,
    softness: 0.4,
    fill: gel(0.85, 0.85, 1.1)
  },
  {
    words: ['sunrise', 'dawn'],
    color: kelvin(3000),
    intensity: 0.95,
    softness: 0.5,
    fill: gel(0.9, 0.95, 1.15)
  },
  { words: ['golden hour'], color: kelvin(2800), intensity: 1.1, softness: 0.35 },
  { words: ['golden'], color: kelvin(3200) },
  { words: ['tungsten', 'incandescent', 'lamp', 'lamplight'], color: kelvin(3000) },
  { words: ['warm'], color: kelvin(3600) },
  { words: ['studio'], color: kelvin(6000), softness: 0.5 },
  { words: ['softbox'], color: kelvin(5600), softness: 0.9 },
  {
    words: ['daylight', 'sunlight', 'sunny', 'noon', 'sun'],
    color: kelvin(5800),
    intensity: 1.15,
    softness: 0.2
  },
  { words: ['window light', 'window'], color: kelvin(6200), intensity: 0.95, softness: 0.8 },
  { words: ['overcast', 'cloudy'], color: kelvin(7000), intensity: 0.85, softness: 1 },
  { words: ['cool', 'cold'], color: kelvin(9000) },
  {
    words: ['moonlight', 'moonlit', 'moon'],
    color: kelvin(11000),
    intensity: 0.7,
    softness: 0.5,
    fill: gel(0.55, 0.7, 1.6)
  },
  {
    words: ['blue hour', 'twilight'],
    color: kelvin(13000),
    intensity: 0.85,
    softness: 0.7,
    fill: gel(0.5, 0.65, 1.7)
  },
  { words: ['night'], color: kelvin(10000), intensity: 0.75, fill: gel(0.55, 0.7, 1.6) },
  {
    words: ['neon', 'cyberpunk'],
    color: gel(1.2, 0.2, 1.1),
    intensity: 1.1,
    softness: 0.3,
    fill: gel(0.1, 0.95, 1.1),
    fillStrength: 1.8
  },
  { words: ['fluorescent', 'office'], color: gel(0.92, 1.05, 0.98), softness: 0.7 },
  { words: ['dramatic', 'spotlight', 'hard light', 'harsh'], intensity: 1.25, softness: 0.05 },
  { words: ['soft light', 'soft', 'diffused', 'diffuse'], softness: 0.9 },
  { words: ['bright'], intensity: 1.25 },
  { words: ['dim', 'moody', 'dark', 'low key'], intensity: 0.75 },
  { words: ['red'], color: gel(1.6, 0.55, 0.55) },
  { words: ['orange', 'amber'], color: gel(1.5, 0.85, 0.4) },
  { words: ['yellow'], color: gel(1.25, 1.1, 0.45) },
  { words: ['green'], color: gel(0.6, 1.3, 0.6) },
  { words: ['teal', 'cyan'], color: gel(0.45, 1.1, 1.15) },
  { words: ['blue'], color: gel(0.5, 0.75, 1.7) },
  { words: ['purple', 'violet'], color: gel(1.1, 0.55, 1.6) },
  { words: ['pink', 'magenta'], color: gel(1.4, 0.6, 1.15) }
]

/** Every phrase with its entry, longest first so phrases win over the words inside them. */
const PHRASES = VOCABULARY.flatMap((entry) => entry.words.map((phrase) => ({ phrase, entry }))).sort(
  (a, b) => b.phrase.length - a.phrase.length
)

const MIN_INTENSITY = 0.4
const MAX_INTENSITY = 1.8

export function lightFromPrompt(prompt: string): LightColor {
  // Words only, single-spaced and padded, so " golden hour " matches whole words.
  let text = ` ${prompt
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim()} `
  const hits: { phrase: string; entry: VocabularyEntry; at: number }[] = []
  for (const { phrase, entry } of PHRASES) {
    const needle = ` ${phrase} `
    let at = text.indexOf(needle)
    while (at >= 0) {
      if (!hits.some((h) => h.entry === entry)) hits.push({ phrase, entry, at })
      // Consume the phrase (keep its spaces) so shorter phrases inside it do not match again.
      text = text.slice(0, at + 1) + '#'.repeat(phrase.length) + text.slice(at + 1 + phrase.length)
      at = text.indexOf(needle)
    }
  }
  if (hits.length === 0) return { color: NEUTRAL, intensity: 1, matched: [] }
  hits.sort((a, b) => a.at - b.at)

  const entries = hits.map((h) => h.entry)
  const color = geometricMean(entries.flatMap((e) => (e.color ? [e.color] : [])))
  const fill = entries.flatMap((e) => (e.fill ? [e.fill] : []))
  const soft = entries.flatMap((e) => (e.softness !== undefined ? [e.softness] : []))
  const product = entries.reduce((p, e) => p * (e.intensity ?? 1), 1)
  const fillStrength = entries.reduce((p, e) => p * (e.fillStrength ?? 1), 1)
  return {
    color,
    intensity: Math.min(MAX_INTENSITY, Math.max(MIN_INTENSITY, product)),
    matched: hits.map((h) => h.phrase),
    ...(fill.length ? { fill: geometricMean(fill) } : {}),
    ...(soft.length ? { softness: soft.reduce((s, v) => s + v, 0) / soft.length } : {}),
    ...(fillStrength !== 1 ? { fillStrength } : {})
  }
}

function geometricMean(colors: readonly Rgb[]): Rgb {
  if (colors.length === 0) return NEUTRAL
  const log = [0, 0, 0]
  for (const c of colors) for (let i = 0; i < 3; i++) log[i] += Math.log(Math.max(1e-3, c[i]))
  return normalizeColor([
    Math.exp(log[0] / colors.length),
    Math.exp(log[1] / colors.length),
    Math.exp(log[2] / colors.length)
  ])
}
