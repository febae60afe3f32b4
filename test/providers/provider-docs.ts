/**
 * The provider facts in docs/providers.md, parsed for the tests: each model's documented input fields
 * (default, range, enum values, and what Relight fills them with) and Relight's spellings of its light
 * sources and output formats. The mapping and catalog tests check the code against these, so a change to
 * the code that the provider's documentation does not allow fails a test.
 */
import { readFileSync } from 'node:fs'

import { expect } from 'vitest'

export interface DocField {
  readonly name: string
  /** As the page words it: `string`, `integer`, `enum`, `enum or object`, … */
  readonly type: string
  readonly required: boolean
  /** The documented default, parsed as JSON; absent when the page gives none. */
  readonly default?: unknown
  readonly min?: number
  readonly max?: number
  /** The documented enum values (empty when the field is not an enum or the page does not list them). */
  readonly values: readonly string[]
  /** The "Relight sends" cell: `params.x`, `options.x`, a fixed JSON value in backticks, or words. */
  readonly relight: string
}

const DOC_PATH = new URL('../../docs/providers.md', import.meta.url)
const DOC = readFileSync(DOC_PATH, 'utf8')

/** The backticked tokens of a cell, in order. */
function codes(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)
}

/** The body rows of the table right after `<!-- marker -->`, header row first, as trimmed cells. */
function table(marker: string): string[][] {
  const start = DOC.indexOf(`<!-- ${marker} -->`)
  if (start < 0) throw new Error(`docs/providers.md has no table marked <!-- ${marker} -->`)
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
  return [rows[0]!, ...rows.slice(2)] // without the |---| separator
}

function range(cell: string): { min?: number; max?: number } {
  const between = /^(\d+(?:\.\d+)?)\s*–\s*(\d+(?:\.\d+)?)$/.exec(cell)
  if (between) return { min: Number(between[1]), max: Number(between[2]) }
  const atMost = /^≤\s*(\d+(?:\.\d+)?)$/.exec(cell)
  if (atMost) return { max: Number(atMost[1]) }
  if (cell) throw new Error(`docs/providers.md: cannot read the range "${cell}"`)
  return {}
}

/** The documented fields of a provider model (its id as the provider spells it, e.g. `fal-ai/iclight-v2`). */
export function docFields(model: string): ReadonlyMap<string, DocField> {
  const [header, ...rows] = table(`fields: ${model}`)
  expect(header, `the columns of ${model}'s table`).toEqual([
    'field',
    'type',
    'required',
    'default',
    'range',
    'values',
    'Relight sends'
  ])
  const fields = new Map<string, DocField>()
  for (const [name, type, required, fallback, limits, values, relight] of rows) {
    const field = codes(name!)[0]!
    const documented = codes(fallback!)[0]
    fields.set(field, {
      name: field,
      type: type!,
      required: required === 'yes',
      ...(documented === undefined ? {} : { default: JSON.parse(documented) as unknown }),
      ...range(limits!),
      values: codes(values!),
      relight: relight!
    })
  }
  return fields
}

/** The documented field of `model` that Relight fills from `source` (e.g. `params.steps`, `options.cfg`). */
export function fieldFilledFrom(model: string, source: string): DocField | undefined {
  return [...docFields(model).values()].find((field) => codes(field.relight).includes(source))
}

/**
 * Relight's spelling of its `lightSource` (table "light-sources") or `outputFormat` (table
 * "output-formats") for one model; values the model does not take are absent.
 */
export function docSpellings(
  which: 'light-sources' | 'output-formats',
  model: string
): Readonly<Record<string, string>> {
  const [header, ...rows] = table(which)
  const column = header!.findIndex((cell) => codes(cell)[0] === model)
  if (column < 1) throw new Error(`docs/providers.md: the ${which} table has no column for ${model}`)
  const spellings: Record<string, string> = {}
  for (const row of rows) {
    const value = codes(row[column]!)[0]
    if (value !== undefined) spellings[codes(row[0]!)[0]!] = value
  }
  return spellings
}

/**
 * What Relight must send for a request that leaves every parameter at its default: the documented default
 * of each field Relight fills from a parameter, an option, the light source or the output format, and the
 * fixed value of each field Relight always sends the same way.
 */
export function defaultRequestBody(model: string): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const field of docFields(model).values()) {
    const fixed = /^`([^`]+)`$/.exec(field.relight)
    const fromRequest = /`(params|options)\.\w+`|the light source|the output format/.test(field.relight)
    if (fixed && !/^(params|options)\./.test(fixed[1]!)) body[field.name] = JSON.parse(fixed[1]!) as unknown
    else if (fromRequest && field.default !== undefined) body[field.name] = field.default
  }
  return body
}

/**
 * The body holds only documented fields (none that Relight's table says it leaves out), every required
 * one, and each value within the field's documented values and range.
 */
export function expectDocumentedBody(model: string, body: object): void {
  const fields = docFields(model)
  for (const [name, value] of Object.entries(body)) {
    const field = fields.get(name)
    expect(field, `${model} documents the field ${name}`).toBeDefined()
    expect(field!.relight, `docs/providers.md says Relight leaves ${name} out`).not.toMatch(/^—/)
    const custom = typeof value === 'object' && field!.type.includes('object')
    if (field!.values.length > 0 && !custom) expect(field!.values, `${model} ${name}`).toContain(value)
    if (field!.min !== undefined) expect(value, `${model} ${name} minimum`).toBeGreaterThanOrEqual(field!.min)
    if (field!.max !== undefined) expect(value, `${model} ${name} maximum`).toBeLessThanOrEqual(field!.max)
  }
  for (const field of fields.values()) {
    if (field.required) expect(Object.keys(body), `${model} requires ${field.name}`).toContain(field.name)
  }
}
