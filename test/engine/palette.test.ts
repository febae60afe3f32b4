import { describe, expect, it } from 'vitest'

import { lightFromPrompt, VOCABULARY } from '../../src/engine/index.js'

const warmth = (prompt: string): number => {
  const { color } = lightFromPrompt(prompt)
  return color[0] / color[2]
}

describe('prompt vocabulary', () => {
  it('documents at least 15 entries and every phrase of the promised vocabulary', () => {
    expect(VOCABULARY.length).toBeGreaterThanOrEqual(15)
    const phrases = VOCABULARY.flatMap((e) => e.words)
    const required = ['warm', 'golden hour', 'sunset', 'candle', 'tungsten', 'cool', 'blue hour', 'moonlight']
    for (const p of [...required, 'overcast', 'neon', 'studio', 'softbox', 'daylight', 'fire', 'window']) {
      expect(phrases).toContain(p)
    }
  })

  it('nothing matched: neutral white at strength 1', () => {
    expect(lightFromPrompt('a perfume bottle on a table')).toEqual({
      color: [1, 1, 1],
      intensity: 1,
      matched: []
    })
    expect(lightFromPrompt('')).toEqual({ color: [1, 1, 1], intensity: 1, matched: [] })
  })

  it('warm words are redder than neutral, cool words bluer, candle warmer than tungsten', () => {
    for (const w of ['warm', 'golden hour', 'sunset', 'candle', 'tungsten', 'fire'])
      expect(warmth(w)).toBeGreaterThan(1.2)
    for (const c of ['cool', 'blue hour', 'moonlight', 'overcast']) expect(warmth(c)).toBeLessThan(0.95)
    expect(warmth('candle')).toBeGreaterThan(warmth('tungsten'))
    expect(warmth('blue hour')).toBeLessThan(warmth('cool'))
  })

  it('phrases win over the words inside them: "golden hour" is one match, not "golden"', () => {
    expect(lightFromPrompt('golden hour light').matched).toEqual(['golden hour'])
    expect(lightFromPrompt('golden light').matched).toEqual(['golden'])
  })

  it('matches whole words regardless of case and punctuation, in prompt order', () => {
    expect(lightFromPrompt('Warm, SUNSET-lit bottle!').matched).toEqual(['warm', 'sunset'])
    expect(lightFromPrompt('a swarm of bees').matched).toEqual([])
    expect(lightFromPrompt('neon night').matched).toEqual(['neon', 'night'])
  })

  it('maps character words: strength from dim/bright, softness from softbox/spotlight, a fill for neon', () => {
    expect(lightFromPrompt('dim').intensity).toBeLessThan(1)
    expect(lightFromPrompt('bright').intensity).toBeGreaterThan(1)
    expect(lightFromPrompt('softbox').softness).toBeGreaterThan(0.8)
    expect(lightFromPrompt('spotlight').softness).toBeLessThan(0.2)
    const neon = lightFromPrompt('neon')
    expect(neon.fill).toBeDefined()
    expect(neon.color[1]).toBeLessThan(neon.color[0])
    expect(neon.fill![1]).toBeGreaterThan(neon.fill![0])
    expect(neon.fillStrength).toBeGreaterThan(1)
  })

  it('mixes several color words (warm + moonlight lands between them) and keeps colors at unit luminance', () => {
    const mixed = warmth('warm moonlight')
    expect(mixed).toBeLessThan(warmth('warm'))
    expect(mixed).toBeGreaterThan(warmth('moonlight'))
    for (const prompt of ['warm', 'neon', 'moonlight', 'red gel', 'warm moonlight']) {
      const [r, g, b] = lightFromPrompt(prompt).color
      expect(0.2126 * r + 0.7152 * g + 0.0722 * b).toBeCloseTo(1, 5)
    }
  })
})
