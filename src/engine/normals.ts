/**
 * Step 2b: surface normals from the height field's gradient (central differences, clamped at the border),
 * in image axes: x right, y down, z toward the viewer. A flat cell faces the viewer: (0, 0, 1).
 */

export interface Normals {
  readonly x: Float32Array
  readonly y: Float32Array
  readonly z: Float32Array
}

export function normalsFromHeight(h: Float32Array, width: number, height: number): Normals {
  const n = width * height
  const nx = new Float32Array(n)
  const ny = new Float32Array(n)
  const nz = new Float32Array(n)
  for (let y = 0; y < height; y++) {
    const up = (y > 0 ? y - 1 : y) * width
    const down = (y < height - 1 ? y + 1 : y) * width
    const dy = y > 0 && y < height - 1 ? 0.5 : 1
    const row = y * width
    for (let x = 0; x < width; x++) {
      const left = x > 0 ? x - 1 : x
      const right = x < width - 1 ? x + 1 : x
      const dx = right - left === 2 ? 0.5 : 1
      const gx = (h[row + right] - h[row + left]) * dx
      const gy = (h[down + x] - h[up + x]) * dy
      const inv = 1 / Math.sqrt(gx * gx + gy * gy + 1)
      const i = row + x
      nx[i] = -gx * inv
      ny[i] = -gy * inv
      nz[i] = inv
    }
  }
  return { x: nx, y: ny, z: nz }
}
