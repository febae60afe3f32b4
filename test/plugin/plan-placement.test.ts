import { describe, expect, it } from 'vitest'

import { planPlacement } from '../../src/plugin/plan-placement.js'

const source = { x: 0, y: 0, width: 100, height: 100 }

describe('planPlacement', () => {
  it('starts one gap to the right of the source', () => {
    expect(planPlacement(source, [], 1, 40)).toEqual([{ x: 140, y: 0, width: 100, height: 100 }])
  })

  it('jumps over several obstacles in a row until the slot is free', () => {
    const obstacles = [
      { x: 150, y: 10, width: 50, height: 50 },
      { x: 230, y: 90, width: 100, height: 50 },
      { x: 380, y: 0, width: 10, height: 10 }
    ]
    // 140 hits the first; 240 hits the second; 370 hits the third; 430 is free.
    expect(planPlacement(source, obstacles, 1, 40)[0].x).toBe(430)
  })

  it('treats an obstacle that only touches the slot edge as free', () => {
    expect(planPlacement(source, [{ x: 0, y: 100, width: 1000, height: 20 }], 1, 40)[0].x).toBe(140)
  })
})
