/**
 * A node on the canvas, with the parts of Figma's node API a plugin uses. Coordinates follow Figma: a node's
 * relativeTransform (x, y, rotation) is relative to its *containing* parent, which "includes canvas nodes,
 * frame nodes, component nodes, and instance nodes … it is not relative to its direct parent if the parent is a
 * group or a boolean operation" (plugin-api.d.ts, DimensionAndPositionMixin.relativeTransform); groups and
 * boolean operations take their box from their children. width/height are read-only (use resize), fills and
 * effects are frozen on read and copied on write.
 */
import { BaseNode, finite } from './base-node.js'
import type { DocumentModel } from './document.js'
import { type EffectLike, normalizeEffects, withShadows } from './effects.js'
import type { ContainerType, LeafType } from './nodes.js'
import { DEFAULT_RECTANGLE_FILLS, normalizePaints, type PaintLike } from './paints.js'
import { boundsOf, IDENTITY, type Matrix, multiply, type Rect, tidy } from './transform.js'

/** Exact 0 and ±1 for right angles, so 90° turns read back as whole numbers; other values untouched. */
function snapUnit(value: number): number {
  if (Math.abs(value) < 1e-12) return 0
  return Math.abs(Math.abs(value) - 1) < 1e-12 ? Math.sign(value) : value
}

/** The parent a node's relativeTransform is relative to: groups and boolean operations are skipped. */
export function containingParent(node: BaseNode): BaseNode | null {
  let parent = node.parent as BaseNode | null
  while (parent !== null && (parent.type === 'GROUP' || parent.type === 'BOOLEAN_OPERATION')) {
    parent = parent.parent
  }
  return parent
}

function absoluteOf(node: BaseNode | null): Matrix {
  return node instanceof SceneNode ? node.absoluteTransform : IDENTITY
}

export abstract class SceneNode extends BaseNode {
  abstract override readonly type: ContainerType | LeafType
  protected transform: Matrix = [
    [1, 0, 0],
    [0, 1, 0]
  ]
  protected size = { width: 100, height: 100 }
  private fillsValue: readonly PaintLike[]
  private effectsValue: readonly EffectLike[] = Object.freeze([])
  private visibleValue = true
  private lockedValue = false
  private opacityValue = 1
  private isMaskValue = false
  readonly strokes: readonly never[] = Object.freeze([])
  readonly blendMode = 'PASS_THROUGH'
  private layoutPositioningValue: 'AUTO' | 'ABSOLUTE' = 'AUTO'

  constructor(model: DocumentModel, name: string, fills: readonly PaintLike[]) {
    super(model, name)
    this.fillsValue = fills
  }

  get layoutPositioning(): 'AUTO' | 'ABSOLUTE' {
    return this.layoutPositioningValue
  }
  set layoutPositioning(value: 'AUTO' | 'ABSOLUTE') {
    this.model.touch(this, 'layoutPositioningValue')
    this.layoutPositioningValue = value
    this.afterGeometryChange()
  }

  get x(): number {
    return this.relativeTransform[0][2]
  }
  set x(value: number) {
    this.moveBy(finite(value, 'x') - this.x, 0)
  }
  get y(): number {
    return this.relativeTransform[1][2]
  }
  set y(value: number) {
    this.moveBy(0, finite(value, 'y') - this.y)
  }
  get width(): number {
    return this.size.width
  }
  get height(): number {
    return this.size.height
  }

  /** rotation: "Identical to `Math.atan2(-m10, m00)` in the relativeTransform matrix" (LayoutMixin.rotation). */
  get rotation(): number {
    const m = this.relativeTransform
    return tidy((Math.atan2(-m[1][0], m[0][0]) * 180) / Math.PI)
  }
  /** "When setting rotation, it will also set m00, m01, m10, m11"; it turns about the top-left corner. */
  set rotation(degrees: number) {
    const radians = (finite(degrees, 'rotation') * Math.PI) / 180
    const cos = snapUnit(Math.cos(radians))
    const sin = snapUnit(Math.sin(radians))
    const [[, , x], [, , y]] = this.transform
    this.setTransform([
      [cos, sin, x],
      [-sin, cos, y]
    ])
  }

  get relativeTransform(): Matrix {
    const m = this.transform
    return [
      [m[0][0], m[0][1], m[0][2]],
      [m[1][0], m[1][1], m[1][2]]
    ]
  }
  /** "The transform always has unit axes" (DimensionAndPositionMixin.relativeTransform, Scale). */
  set relativeTransform(value: Matrix) {
    const m = value.map((row) => row.map((n, i) => finite(n, `relativeTransform[${i}]`))) as Matrix
    const unit = (a: number, b: number) => Math.abs(Math.hypot(a, b) - 1) < 1e-6
    if (!unit(m[0][0], m[1][0]) || !unit(m[0][1], m[1][1])) {
      throw new Error('in set_relativeTransform: The transform must have unit axes; use resize to scale')
    }
    this.setTransform(m)
  }

  /** "The position of a node relative to its containing page" (DimensionAndPositionMixin.absoluteTransform). */
  get absoluteTransform(): Matrix {
    return multiply(absoluteOf(containingParent(this)), this.relativeTransform)
  }

  /** "The bounds of the node that does not include rendered properties like drop shadows or strokes." */
  get absoluteBoundingBox(): Rect {
    return boundsOf(this.absoluteTransform, this.width, this.height)
  }

  /** "This value will be null if the node is invisible" (LayoutMixin.absoluteRenderBounds). */
  get absoluteRenderBounds(): Rect | null {
    if (!this.visible) return null
    return this.renderBox()
  }

  /** @internal the rendered box: own box plus shadows, plus unclipped children. */
  renderBox(): Rect {
    return withShadows(this.absoluteBoundingBox, this.effects)
  }

  /** @internal relative transform in the containing parent's space, for group bounds. */
  boxInContainingSpace(): Rect {
    return boundsOf(this.relativeTransform, this.width, this.height)
  }

  protected setTransform(m: Matrix): void {
    this.model.touch(this, 'transform')
    this.transform = m
    this.afterGeometryChange()
  }

  protected moveBy(dx: number, dy: number): void {
    const m = this.transform
    this.setTransform([
      [m[0][0], m[0][1], m[0][2] + dx],
      [m[1][0], m[1][1], m[1][2] + dy]
    ])
  }

  protected afterGeometryChange(): void {
    for (let parent = this.parent; parent !== null && parent.type !== 'PAGE'; parent = parent.parent) {
      ;(parent as { childrenChanged?: () => void }).childrenChanged?.()
    }
    this.model.changed()
  }

  resize(width: number, height: number): void {
    const minHeight = this.type === 'LINE' ? 0 : 0.01
    if (finite(width, 'width') < 0.01 || finite(height, 'height') < minHeight) {
      throw new Error('in resize: Expected width and height to be >= 0.01')
    }
    this.model.touch(this, 'size')
    this.size = { width, height }
    this.afterGeometryChange()
  }
  resizeWithoutConstraints(width: number, height: number): void {
    this.resize(width, height)
  }

  get fills(): readonly PaintLike[] {
    return this.fillsValue
  }
  set fills(value: readonly PaintLike[]) {
    this.model.touch(this, 'fillsValue')
    this.fillsValue = normalizePaints(value)
    this.model.changed()
  }

  get effects(): readonly EffectLike[] {
    return this.effectsValue
  }
  set effects(value: readonly EffectLike[]) {
    this.model.touch(this, 'effectsValue')
    this.effectsValue = normalizeEffects(value)
    this.afterGeometryChange()
  }

  get isMask(): boolean {
    return this.isMaskValue
  }
  set isMask(value: boolean) {
    this.model.touch(this, 'isMaskValue')
    this.isMaskValue = Boolean(value)
    this.model.changed()
  }

  get visible(): boolean {
    return this.visibleValue
  }
  set visible(value: boolean) {
    this.model.touch(this, 'visibleValue')
    this.visibleValue = Boolean(value)
    this.afterGeometryChange()
  }
  get locked(): boolean {
    return this.lockedValue
  }
  set locked(value: boolean) {
    this.model.touch(this, 'lockedValue')
    this.lockedValue = Boolean(value)
    this.model.changed()
  }
  get opacity(): number {
    return this.opacityValue
  }
  set opacity(value: number) {
    const opacity = finite(value, 'opacity')
    if (opacity < 0 || opacity > 1) throw new Error('Expected "opacity" to be between 0 and 1')
    this.model.touch(this, 'opacityValue')
    this.opacityValue = opacity
    this.model.changed()
  }

  exportAsync(settings?: unknown): Promise<Uint8Array> {
    return this.model.exportNodeAsync(this, settings)
  }

  /** "By default, the duplicate will be parented under figma.currentPage" (FrameNode.clone). */
  clone(): SceneNode {
    const copy = this.copyInto()
    this.model.currentPage.adopt(copy)
    return copy
  }

  /** @internal a detached deep copy (plugin data included, as Figma's duplicates keep it). */
  copyInto(): SceneNode {
    const copy = this.model.createNode(this.type, this.name)
    copy.transform = this.relativeTransform
    copy.size = { ...this.size }
    copy.fillsValue = this.fillsValue
    copy.effectsValue = this.effectsValue
    copy.visibleValue = this.visibleValue
    copy.opacityValue = this.opacityValue
    copy.isMaskValue = this.isMaskValue
    copy.pluginData = new Map(this.pluginData)
    return copy
  }
}

export class LeafNode extends SceneNode {
  constructor(
    model: DocumentModel,
    readonly type: LeafType,
    name: string
  ) {
    super(model, name, type === 'RECTANGLE' || type === 'ELLIPSE' ? DEFAULT_RECTANGLE_FILLS : [])
  }
}

export class RectangleNode extends LeafNode {
  constructor(model: DocumentModel, name = 'Rectangle') {
    super(model, 'RECTANGLE', name)
  }
}
