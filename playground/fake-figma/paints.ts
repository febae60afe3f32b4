/**
 * Fills as Figma's API treats them: reading returns a frozen array of frozen paints (so `node.fills[0].x = …`
 * and `node.fills.push(…)` fail), assigning a new array validates and copies it, and defaults
 * (visible, opacity, blendMode) are filled in.
 */
export interface RGB {
  readonly r: number
  readonly g: number
  readonly b: number
}

export interface SolidPaintLike {
  readonly type: 'SOLID'
  readonly color: RGB
  readonly opacity: number
  readonly visible: boolean
  readonly blendMode: string
}

export interface ImagePaintLike {
  readonly type: 'IMAGE'
  readonly scaleMode: 'FILL' | 'FIT' | 'CROP' | 'TILE'
  readonly imageHash: string | null
  readonly scalingFactor?: number
  readonly opacity: number
  readonly visible: boolean
  readonly blendMode: string
}

export type PaintLike = SolidPaintLike | ImagePaintLike

const SCALE_MODES = ['FILL', 'FIT', 'CROP', 'TILE']

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  }
  return value
}

function fail(message: string): never {
  throw new Error(`in set_fills: ${message}`)
}

function unit(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    fail(`Expected "${field}" to be a number between 0 and 1`)
  }
  return value
}

function normalizePaint(input: unknown, index: number): PaintLike {
  if (typeof input !== 'object' || input === null) fail(`Expected fills[${index}] to be an object`)
  const paint = input as Record<string, unknown>
  const common = {
    opacity: paint.opacity === undefined ? 1 : unit(paint.opacity, `fills[${index}].opacity`),
    visible: paint.visible === undefined ? true : Boolean(paint.visible),
    blendMode: typeof paint.blendMode === 'string' ? paint.blendMode : 'NORMAL'
  }
  if (paint.type === 'SOLID') {
    const color = paint.color as Record<string, unknown> | undefined
    if (typeof color !== 'object' || color === null) fail(`Required value missing at [${index}].color`)
    const rgb = {
      r: unit(color.r, `fills[${index}].color.r`),
      g: unit(color.g, `fills[${index}].color.g`),
      b: unit(color.b, `fills[${index}].color.b`)
    }
    return { type: 'SOLID', color: rgb, ...common }
  }
  if (paint.type === 'IMAGE') {
    if (typeof paint.scaleMode !== 'string' || !SCALE_MODES.includes(paint.scaleMode)) {
      fail(`Expected fills[${index}].scaleMode to be one of ${SCALE_MODES.join(', ')}`)
    }
    if (paint.imageHash !== null && typeof paint.imageHash !== 'string') {
      fail(`Expected fills[${index}].imageHash to be a string or null`)
    }
    const scalingFactor =
      typeof paint.scalingFactor === 'number' ? { scalingFactor: paint.scalingFactor } : {}
    return {
      type: 'IMAGE',
      scaleMode: paint.scaleMode as ImagePaintLike['scaleMode'],
      imageHash: (paint.imageHash as string | null | undefined) ?? null,
      ...scalingFactor,
      ...common
    }
  }
  return fail(
    `The playground supports SOLID and IMAGE paints, got "${String(paint.type)}" at fills[${index}]`
  )
}

export function normalizePaints(value: unknown): readonly PaintLike[] {
  if (!Array.isArray(value)) fail('Expected fills to be an array of paints')
  return deepFreeze(value.map((paint, index) => normalizePaint(paint, index)))
}

export const DEFAULT_RECTANGLE_FILLS = normalizePaints([
  { type: 'SOLID', color: { r: 0.85, g: 0.85, b: 0.85 } }
])
export const DEFAULT_FRAME_FILLS = normalizePaints([{ type: 'SOLID', color: { r: 1, g: 1, b: 1 } }])
