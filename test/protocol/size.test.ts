import { describe, expect, it } from 'vitest'

import type { SizeSpec } from '../../src/protocol/catalog.js'
import { exportConstraint, workingSize } from '../../src/protocol/size.js'

const icLight: SizeSpec = { min: 256, max: 1024, multiple: 64, defaultLongSide: 1024, upscale: true }
const studio: SizeSpec = { min: 1, max: 4096, multiple: 1, defaultLongSide: 1024, upscale: false }

describe('workingSize', () => {
  it('puts the long side at the model limit in multiples of 64, keeping the aspect ratio', () => {
    expect(workingSize({ width: 768, height: 1024 }, icLight)).toEqual({ width: 768, height: 1024 })
    expect(workingSize({ width: 600, height: 400 }, icLight)).toEqual({ width: 1024, height: 704 })
    expect(workingSize({ width: 3000, height: 1000 }, icLight)).toEqual({ width: 1024, height: 320 })
  })

  it('clamps a very thin layer to the model minimum', () => {
    expect(workingSize({ width: 4000, height: 10 }, icLight)).toEqual({ width: 1024, height: 256 })
  })

  it('never scales a small layer up for a model that does not upscale', () => {
    expect(workingSize({ width: 150, height: 113 }, studio)).toEqual({ width: 150, height: 113 })
    expect(workingSize({ width: 2048, height: 1024 }, studio)).toEqual({ width: 1024, height: 512 })
  })
})

describe('exportConstraint', () => {
  it('constrains the long side of the layer', () => {
    expect(exportConstraint({ width: 600, height: 400 }, { width: 1024, height: 704 })).toEqual({
      type: 'WIDTH',
      value: 1024
    })
    expect(exportConstraint({ width: 768, height: 1024 }, { width: 768, height: 1024 })).toEqual({
      type: 'HEIGHT',
      value: 1024
    })
  })
})
