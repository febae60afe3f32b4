import { type Box, overlaps } from './geometry.js'

/** Space between the original and each result, and between results. */
export const PLACEMENT_GAP = 40

/**
 * Slots for `count` copies of `source`, in a row to its right: each starts `gap` after the previous one and,
 * where it would cover one of `obstacles`, moves on to `gap` past that obstacle until the slot is free.
 */
export function planPlacement(
  source: Box,
  obstacles: readonly Box[],
  count: number,
  gap = PLACEMENT_GAP
): Box[] {
  const placed: Box[] = []
  let x = source.x + source.width + gap
  for (let index = 0; index < count; index++) {
    let slot: Box = { x, y: source.y, width: source.width, height: source.height }
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
