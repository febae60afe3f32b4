export interface Rect {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/** Space between the original and each result, and between results. */
export const PLACEMENT_GAP = 40

function overlaps(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}

/**
 * Slots for `count` copies of `source`, in a row to its right: each starts `gap` after the previous one and,
 * where it would cover one of `obstacles`, moves on to `gap` past that obstacle until the slot is free.
 */
export function planPlacement(
  source: Rect,
  obstacles: readonly Rect[],
  count: number,
  gap = PLACEMENT_GAP
): Rect[] {
  const placed: Rect[] = []
  let x = source.x + source.width + gap
  for (let index = 0; index < count; index++) {
    let slot: Rect = { x, y: source.y, width: source.width, height: source.height }
    let blocker = obstacles.find((obstacle) => overlaps(slot, obstacle))
    while (blocker) {
      slot = { ...slot, x: blocker.x + blocker.width + gap }
      blocker = obstacles.find((obstacle) => overlaps(slot, obstacle))
    }
    placed.push(slot)
    x = slot.x + slot.width + gap
  }
  return placed
}
