/** Figma's 2×3 `Transform` matrices and upright boxes in page coordinates. */
export interface Box {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

export const IDENTITY: Transform = [
  [1, 0, 0],
  [0, 1, 0]
]

export function multiply(a: Transform, b: Transform): Transform {
  return [
    [
      a[0][0] * b[0][0] + a[0][1] * b[1][0],
      a[0][0] * b[0][1] + a[0][1] * b[1][1],
      a[0][0] * b[0][2] + a[0][1] * b[1][2] + a[0][2]
    ],
    [
      a[1][0] * b[0][0] + a[1][1] * b[1][0],
      a[1][0] * b[0][1] + a[1][1] * b[1][1],
      a[1][0] * b[0][2] + a[1][1] * b[1][2] + a[1][2]
    ]
  ]
}

export function invert(m: Transform): Transform {
  const det = m[0][0] * m[1][1] - m[0][1] * m[1][0]
  const a = m[1][1] / det
  const b = -m[0][1] / det
  const c = -m[1][0] / det
  const d = m[0][0] / det
  return [
    [a, b, -(a * m[0][2] + b * m[1][2])],
    [c, d, -(c * m[0][2] + d * m[1][2])]
  ]
}

export function translation(x: number, y: number): Transform {
  return [
    [1, 0, x],
    [0, 1, y]
  ]
}

function apply(m: Transform, x: number, y: number): { x: number; y: number } {
  return { x: m[0][0] * x + m[0][1] * y + m[0][2], y: m[1][0] * x + m[1][1] * y + m[1][2] }
}

/** Whether `box` (page coordinates) lies within the width × height box that `transform` places. */
export function insideTransformedBox(box: Box, transform: Transform, width: number, height: number): boolean {
  const local = invert(transform)
  const e = 0.01
  return [
    [box.x, box.y],
    [box.x + box.width, box.y],
    [box.x, box.y + box.height],
    [box.x + box.width, box.y + box.height]
  ].every(([x, y]) => {
    const p = apply(local, x, y)
    return p.x >= -e && p.y >= -e && p.x <= width + e && p.y <= height + e
  })
}

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
}
