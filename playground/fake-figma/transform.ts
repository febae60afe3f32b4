/** 2×3 affine matrices as Figma's `Transform`: [[m00, m01, m02], [m10, m11, m12]]. */
export type Matrix = [[number, number, number], [number, number, number]]

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export const IDENTITY: Matrix = [
  [1, 0, 0],
  [0, 1, 0]
]

export function multiply(a: Matrix, b: Matrix): Matrix {
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

export function invert(m: Matrix): Matrix {
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

export function apply(m: Matrix, x: number, y: number): { x: number; y: number } {
  return { x: m[0][0] * x + m[0][1] * y + m[0][2], y: m[1][0] * x + m[1][1] * y + m[1][2] }
}

/** The axis-aligned box around a width × height box placed by `m`. */
export function boundsOf(m: Matrix, width: number, height: number): Rect {
  const corners = [apply(m, 0, 0), apply(m, width, 0), apply(m, 0, height), apply(m, width, height)]
  const xs = corners.map((p) => p.x)
  const ys = corners.map((p) => p.y)
  const x = Math.min(...xs)
  const y = Math.min(...ys)
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y }
}

export function union(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null
  const x = Math.min(...rects.map((r) => r.x))
  const y = Math.min(...rects.map((r) => r.y))
  const right = Math.max(...rects.map((r) => r.x + r.width))
  const bottom = Math.max(...rects.map((r) => r.y + r.height))
  return { x, y, width: right - x, height: bottom - y }
}

/** Rounds away floating-point noise so 90° rotations read back as exact numbers, as Figma reports them. */
export function tidy(value: number): number {
  const rounded = Math.round(value * 1e9) / 1e9
  return Object.is(rounded, -0) ? 0 : rounded
}
