/**
 * The auto mask's labels on the colour grid: background flooded in from the border through cells close to
 * the background model, plus enclosed pockets of background colour large enough to be seen through the
 * subject; everything else is subject.
 */

/**
 * An enclosed pocket of background colour becomes background (a handle, the gap under an arm, the inside
 * of a ring) from this share of the cells: smaller ones are more likely highlights on the subject.
 */
const HOLE_MIN_SHARE = 0.004

/**
 * 1 where a cell is background: flooded from the border through cells within `flood` of the model, plus
 * enclosed pockets within `flood` that are large enough to be background seen through the subject.
 */
export function labelBackground(dist: Float32Array, gw: number, gh: number, flood: number): Uint8Array {
  const n = gw * gh
  const label = new Uint8Array(n) // 0 unvisited, 1 background, 2 visited pocket too small, 3 subject
  const queue = new Int32Array(n)
  let tail = 0
  const seed = (i: number): void => {
    if (label[i] === 0 && dist[i] < flood) {
      label[i] = 1
      queue[tail++] = i
    }
  }
  for (let x = 0; x < gw; x++) {
    seed(x)
    seed((gh - 1) * gw + x)
  }
  for (let y = 0; y < gh; y++) {
    seed(y * gw)
    seed(y * gw + gw - 1)
  }
  grow(queue, 0, tail, label, dist, gw, gh, flood, 1)

  const minHole = Math.max(4, Math.round(HOLE_MIN_SHARE * n))
  for (let i = 0; i < n; i++) {
    if (label[i] !== 0) continue
    if (dist[i] >= flood) {
      label[i] = 3
      continue
    }
    label[i] = 2
    queue[0] = i
    const end = grow(queue, 0, 1, label, dist, gw, gh, flood, 2)
    if (end >= minHole) for (let k = 0; k < end; k++) label[queue[k]] = 1
  }
  for (let i = 0; i < n; i++) label[i] = label[i] === 1 ? 1 : 0
  return label
}

/** Breadth-first flood (4-connected) of unvisited cells under `flood`; returns the queue's end. */
function grow(
  queue: Int32Array,
  head: number,
  tail: number,
  label: Uint8Array,
  dist: Float32Array,
  gw: number,
  gh: number,
  flood: number,
  mark: number
): number {
  const visit = (j: number): void => {
    if (label[j] === 0 && dist[j] < flood) {
      label[j] = mark
      queue[tail++] = j
    }
  }
  while (head < tail) {
    const i = queue[head++]
    const x = i % gw
    if (x > 0) visit(i - 1)
    if (x < gw - 1) visit(i + 1)
    if (i >= gw) visit(i - gw)
    if (i < (gh - 1) * gw) visit(i + gw)
  }
  return tail
}
