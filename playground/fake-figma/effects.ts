/**
 * Effects as far as they change what a layer covers on the canvas. Figma reports that through
 * absoluteRenderBounds: "The actual bounds of a node accounting for drop shadows, thick strokes, and anything
 * else that may fall outside the node's regular bounding box" (plugin-api.d.ts, LayoutMixin.absoluteRenderBounds),
 * and exports follow those bounds. Only drop shadows reach outside the box; other effects are kept as given.
 */
import type { Rect } from './transform.js'

export interface DropShadowLike {
  readonly type: 'DROP_SHADOW'
  readonly offset: { readonly x: number; readonly y: number }
  readonly radius: number
  readonly spread: number
  readonly visible: boolean
  readonly color: { readonly r: number; readonly g: number; readonly b: number; readonly a: number }
}

export interface OtherEffectLike {
  readonly type: 'INNER_SHADOW' | 'LAYER_BLUR' | 'BACKGROUND_BLUR'
  readonly visible: boolean
}

export type EffectLike = DropShadowLike | OtherEffectLike

function fail(message: string): never {
  throw new Error(`in set_effects: ${message}`)
}

function number(value: unknown, what: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(`Expected "${what}" to be a number`)
  return value
}

export function normalizeEffects(value: unknown): readonly EffectLike[] {
  if (!Array.isArray(value)) fail('Expected effects to be an array')
  return Object.freeze(
    value.map((input: unknown, index): EffectLike => {
      if (typeof input !== 'object' || input === null) fail(`Expected effects[${index}] to be an object`)
      const effect = input as Record<string, unknown>
      const visible = effect.visible === undefined ? true : Boolean(effect.visible)
      if (effect.type === 'DROP_SHADOW') {
        const offset = (effect.offset ?? {}) as Record<string, unknown>
        const color = (effect.color ?? { r: 0, g: 0, b: 0, a: 0.25 }) as Record<string, unknown>
        const radius = number(effect.radius, `effects[${index}].radius`)
        if (radius < 0) fail(`Expected effects[${index}].radius to be >= 0`)
        return Object.freeze({
          type: 'DROP_SHADOW',
          offset: Object.freeze({
            x: number(offset.x, `effects[${index}].offset.x`),
            y: number(offset.y, `effects[${index}].offset.y`)
          }),
          radius,
          spread: number(effect.spread, `effects[${index}].spread`, 0),
          visible,
          color: Object.freeze({
            r: number(color.r, 'color.r'),
            g: number(color.g, 'color.g'),
            b: number(color.b, 'color.b'),
            a: number(color.a, 'color.a')
          })
        })
      }
      if (
        effect.type === 'INNER_SHADOW' ||
        effect.type === 'LAYER_BLUR' ||
        effect.type === 'BACKGROUND_BLUR'
      ) {
        return Object.freeze({ type: effect.type, visible })
      }
      return fail(`Unknown effect type "${String(effect.type)}" at effects[${index}]`)
    })
  )
}

/** The box grown by every visible drop shadow: offset, then blur radius and spread on each side. */
export function withShadows(box: Rect, effects: readonly EffectLike[]): Rect {
  let x0 = box.x
  let y0 = box.y
  let x1 = box.x + box.width
  let y1 = box.y + box.height
  for (const effect of effects) {
    if (effect.type !== 'DROP_SHADOW' || !effect.visible) continue
    const grow = effect.radius + effect.spread
    x0 = Math.min(x0, box.x + effect.offset.x - grow)
    y0 = Math.min(y0, box.y + effect.offset.y - grow)
    x1 = Math.max(x1, box.x + box.width + effect.offset.x + grow)
    y1 = Math.max(y1, box.y + box.height + effect.offset.y + grow)
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 }
}
