/**
 * Studio's options as docs/providers.md documents them (the table under `<!-- options: local/studio -->`)
 * against the catalog the gateway validates with: every option listed once, with its kind, default and range.
 */
import { readFileSync } from 'node:fs'

import { describe, expect, it } from 'vitest'

import { findModel } from '../../src/protocol/catalog.js'
import { parseRelightParams } from '../../src/protocol/request.js'

const DOC = readFileSync(new URL('../../docs/providers.md', import.meta.url), 'utf8')

interface DocOption {
  readonly kind: string
  readonly default?: unknown
  readonly min?: number
  readonly max?: number
}

/** The rows of the table right after the marker, keyed by the backticked option name. */
function studioTable(): ReadonlyMap<string, DocOption> {
  const start = DOC.indexOf('<!-- options: local/studio -->')
  expect(start, 'docs/providers.md has a table marked <!-- options: local/studio -->').toBeGreaterThan(0)
  const lines = DOC.slice(start).split('\n').slice(1)
  const first = lines.findIndex((line) => line.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim())
    )
  }
  expect(rows[0]).toEqual(['option', 'kind', 'default', 'range', 'what it does'])
  const options = new Map<string, DocOption>()
  for (const [name, kind, fallback, limits] of rows.slice(2)) {
    const option = /^`([^`]+)`$/.exec(name!)?.[1]
    expect(option, `an option name in backticks, not ${name}`).toBeDefined()
    const documented = /^`([^`]+)`$/.exec(fallback!)?.[1]
    const range = /^(-?\d+(?:\.\d+)?)–(-?\d+(?:\.\d+)?)$/.exec(limits!)
    if (limits !== '') expect(range, `the range of ${option}: "${limits}"`).not.toBeNull()
    options.set(option!, {
      kind: kind!,
      ...(documented !== undefined ? { default: JSON.parse(documented) as unknown } : {}),
      ...(range ? { min: Number(range[1]), max: Number(range[2]) } : {})
    })
  }
  return options
}

describe('docs/providers.md: Studio options', () => {
  const studio = findModel('local/studio')!

  it('lists every catalog option of local/studio, and no other', () => {
    expect([...studioTable().keys()].sort()).toEqual(Object.keys(studio.options).sort())
  })

  it('gives each option the catalog kind, default and range', () => {
    for (const [name, doc] of studioTable()) {
      const spec = studio.options[name]!
      expect(doc.kind, name).toBe(spec.kind)
      expect(doc.default, name).toEqual(spec.default ?? undefined)
      if (spec.kind === 'number' || spec.kind === 'integer') {
        expect([doc.min, doc.max], name).toEqual([spec.min, spec.max])
      } else {
        expect(doc.min, name).toBeUndefined()
      }
    }
  })

  it('a colour option takes #rrggbb as documented and refuses anything else, naming the option', () => {
    expect(studioTable().get('lightColor')?.kind).toBe('color')
    for (const [name, doc] of studioTable()) {
      if (doc.kind !== 'color') continue
      const good = parseRelightParams({ model: 'local/studio', prompt: 'p', options: { [name]: '#FFb070' } })
      expect(good.ok && good.params.options[name]).toBe('#FFb070')
      const unset = parseRelightParams({ model: 'local/studio', prompt: 'p' })
      expect(unset.ok && name in unset.params.options).toBe(false)
      for (const bad of ['ffb070', '#ffb07', 'rgb(255, 176, 112)', 1, true]) {
        const parsed = parseRelightParams({ model: 'local/studio', prompt: 'p', options: { [name]: bad } })
        expect(parsed.ok).toBe(false)
        if (!parsed.ok) {
          expect(parsed.error.field).toBe(`options.${name}`)
          expect(parsed.error.message).toMatch(/#rrggbb/)
        }
      }
    }
  })
})
