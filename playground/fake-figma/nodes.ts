/**
 * The node tree with the parts of Figma's node API a plugin uses. Coordinates follow Figma: a node's
 * relativeTransform (x, y, rotation) is relative to its *containing* parent, which "includes canvas nodes,
 * frame nodes, component nodes, and instance nodes … it is not relative to its direct parent if the parent is a
 * group or a boolean operation" (plugin-api.d.ts, DimensionAndPositionMixin.relativeTransform); groups and
 * boolean operations take their box from their children. width/height are read-only (use resize), fills and
 * effects are frozen on read and copied on write.
 */
import type { DocumentModel } from './document.js'
import { type EffectLike, normalizeEffects, withShadows } from './effects.js'
import { DEFAULT_FRAME_FILLS, DEFAULT_RECTANGLE_FILLS, normalizePaints, type PaintLike } from './paints.js'
import { checkReparent } from './reparent-rules.js'
import { boundsOf, IDENTITY, type Matrix, multiply, type Rect, tidy, union } from './transform.js'

export type { Matrix, Rect } from './transform.js'

export type ContainerType =
  'FRAME' | 'GROUP' | 'COMPONENT' | 'COMPONENT_SET' | 'INSTANCE' | 'BOOLEAN_OPERATION'
export type LeafType = 'RECTANGLE' | 'ELLIPSE' | 'TEXT' | 'LINE' | 'VECTOR' | 'SLICE'
export type NodeType = 'DOCUMENT' | 'PAGE' | ContainerType | LeafType

/** Whatever can hold nodes: DOCUMENT (pages), PAGE and the container scene nodes. */
export type ParentLike = BaseNode & { detach(child: BaseNode): void }

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Expected "${what}" to be a finite number, got ${String(value)}`)
  }
  return value
}

/** Exact 0 and ±1 for right angles, so 90° turns read back as whole numbers; other values untouched. */
function snapUnit(value: number): number {
  if (Math.abs(value) < 1e-12) return 0
  return Math.abs(Math.abs(value) - 1) < 1e-12 ? Math.sign(value) : value
}

export abstract class BaseNode {
  abstract readonly type: NodeType
  readonly id: string
  parent: ParentLike | null = null
  private nameValue: string
  /** @internal copied by clone(), like Figma's duplicate */
  pluginData = new Map<string, string>()
  private relaunchData: Record<string, string> = {}

  constructor(
    readonly model: DocumentModel,
    name: string
  ) {
    this.id = model.nextId()
    this.nameValue = name
    model.register(this)
  }

  get name(): string {
    return this.nameValue
  }
  set name(value: string) {
    this.nameValue = String(value)
    this.model.changed()
  }

  get removed(): boolean {
    return !this.model.isAttached(this)
  }

  setPluginData(key: string, value: string): void {
    if (typeof key !== 'string' || typeof value !== 'string') {
      throw new Error('in setPluginData: Expected key and value to be strings')
    }
    if (value === '') this.pluginData.delete(key)
    else this.pluginData.set(key, value)
  }
  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? ''
  }
  getPluginDataKeys(): string[] {
    return [...this.pluginData.keys()]
  }
  setRelaunchData(data: Record<string, string>): void {
    if (typeof data !== 'object' || data === null) throw new Error('in setRelaunchData: Expected an object')
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') throw new Error(`in setRelaunchData: Expected "${key}" to be a string`)
    }
    this.relaunchData = { ...data }
  }
  getRelaunchData(): Record<string, string> {
    return { ...this.relaunchData }
  }

  remove(): void {
    if (this.type === 'DOCUMENT' || this.type === 'PAGE')
      throw new Error(`in remove: Cannot remove a ${this.type}`)
    const parent = this.parent
    parent?.detach(this)
    this.parent = null
    if (parent instanceof ContainerNode) parent.childrenChanged()
    this.model.pruneSelection()
    this.model.changed()
  }

  toString(): string {
    return `[Node ${this.id}]`
  }
}

/** A node's children (DOCUMENT, PAGE and containers have them; a leaf has no `children` at all). */
export class ChildList {
  private readonly kids: SceneNode[] = []

  constructor(private readonly owner: ParentLike) {}

  snapshot(): readonly SceneNode[] {
    return Object.freeze([...this.kids])
  }

  /** `internal`: building a fixture (e.g. an instance's own layers), which Figma's API cannot do either. */
  insert(index: number, child: SceneNode, internal = false): void {
    if (!(child instanceof SceneNode)) throw new Error('in insertChild: Expected a scene node')
    if (!internal) checkReparent(this.owner, child)
    // insertChild: "insertChild(4, D) throws an error since the group originally only has 3 children"
    const at = finite(index, 'index')
    const length = child.parent === this.owner ? this.kids.length - 1 : this.kids.length
    if (at < 0 || at > length) throw new Error(`in insertChild: Index ${at} out of range 0..${length}`)
    const from = child.parent
    if (from !== null) from.detach(child)
    this.kids.splice(at, 0, child)
    // A reparented node keeps its relativeTransform, so it moves on the canvas with its new parent; the
    // docs do not promise to keep the absolute position, so the fake does not either.
    child.parent = this.owner
    if (from instanceof ContainerNode && from !== this.owner) from.childrenChanged()
    if (this.owner instanceof ContainerNode) this.owner.childrenChanged()
    this.owner.model.changed()
  }

  get length(): number {
    return this.kids.length
  }

  remove(child: BaseNode): void {
    const index = this.kids.indexOf(child as SceneNode)
    if (index >= 0) this.kids.splice(index, 1)
  }
}

export function findAll(
  parent: { readonly children: readonly SceneNode[] },
  callback?: (node: SceneNode) => boolean
): SceneNode[] {
  const found: SceneNode[] = []
  for (const child of parent.children) {
    if (callback === undefined || callback(child)) found.push(child)
    if (child instanceof ContainerNode) found.push(...findAll(child, callback))
  }
  return found
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
  layoutPositioning: 'AUTO' | 'ABSOLUTE' = 'AUTO'

  constructor(model: DocumentModel, name: string, fills: readonly PaintLike[]) {
    super(model, name)
    this.fillsValue = fills
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
    let parent = this.parent
    while (parent instanceof ContainerNode) {
      parent.childrenChanged()
      parent = parent.parent
    }
    this.model.changed()
  }

  resize(width: number, height: number): void {
    const minHeight = this.type === 'LINE' ? 0 : 0.01
    if (finite(width, 'width') < 0.01 || finite(height, 'height') < minHeight) {
      throw new Error('in resize: Expected width and height to be >= 0.01')
    }
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
    this.fillsValue = normalizePaints(value)
    this.model.changed()
  }

  get effects(): readonly EffectLike[] {
    return this.effectsValue
  }
  set effects(value: readonly EffectLike[]) {
    this.effectsValue = normalizeEffects(value)
    this.afterGeometryChange()
  }

  get isMask(): boolean {
    return this.isMaskValue
  }
  set isMask(value: boolean) {
    this.isMaskValue = Boolean(value)
    this.model.changed()
  }

  get visible(): boolean {
    return this.visibleValue
  }
  set visible(value: boolean) {
    this.visibleValue = Boolean(value)
    this.afterGeometryChange()
  }
  get locked(): boolean {
    return this.lockedValue
  }
  set locked(value: boolean) {
    this.lockedValue = Boolean(value)
    this.model.changed()
  }
  get opacity(): number {
    return this.opacityValue
  }
  set opacity(value: number) {
    const opacity = finite(value, 'opacity')
    if (opacity < 0 || opacity > 1) throw new Error('Expected "opacity" to be between 0 and 1')
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

/** FRAME, COMPONENT, COMPONENT_SET, INSTANCE (frame-like) and GROUP, BOOLEAN_OPERATION (sized by children). */
export class ContainerNode extends SceneNode {
  private readonly kids = new ChildList(this)
  /**
   * Frames clip by default: plugin-api.d.ts BaseFrameMixin.clipsContent "Whether the frame clips its
   * contents"; a frame made in the editor or by figma.createFrame() starts with it on.
   */
  clipsContent: boolean
  private layoutModeValue: 'NONE' | 'HORIZONTAL' | 'VERTICAL' = 'NONE'
  itemSpacing = 0

  constructor(
    model: DocumentModel,
    readonly type: ContainerType,
    name: string
  ) {
    super(
      model,
      name,
      type === 'FRAME' || type === 'COMPONENT' || type === 'INSTANCE' ? DEFAULT_FRAME_FILLS : []
    )
    this.clipsContent = !this.sizedByChildren
  }

  /** Groups and boolean operations "automatically resize to fit their children" (relativeTransform notes). */
  get sizedByChildren(): boolean {
    return this.type === 'GROUP' || this.type === 'BOOLEAN_OPERATION'
  }

  get children(): readonly SceneNode[] {
    return this.kids.snapshot()
  }
  appendChild(child: SceneNode): void {
    this.kids.insert(this.kids.length - (child.parent === this ? 1 : 0), child)
  }
  insertChild(index: number, child: SceneNode): void {
    this.kids.insert(index, child)
  }
  /** @internal builds fixtures without the reparenting rules (an instance's own layers, say). */
  adopt(child: SceneNode): void {
    this.kids.insert(this.kids.length, child, true)
  }
  findAll(callback?: (node: SceneNode) => boolean): SceneNode[] {
    return findAll(this, callback)
  }
  findOne(callback: (node: SceneNode) => boolean): SceneNode | null {
    return findAll(this, callback)[0] ?? null
  }
  findChildren(callback?: (node: SceneNode) => boolean): SceneNode[] {
    return this.children.filter((child) => callback === undefined || callback(child))
  }
  /** @internal */
  detach(child: BaseNode): void {
    this.kids.remove(child)
  }

  /**
   * "If this is called on an auto-layout frame, calling this function can cause this layer to be resized and
   * children to be moved" (ChildrenMixin.appendChild): children in the flow are stacked along the axis and
   * the frame hugs them.
   */
  get layoutMode(): 'NONE' | 'HORIZONTAL' | 'VERTICAL' {
    return this.layoutModeValue
  }
  set layoutMode(value: 'NONE' | 'HORIZONTAL' | 'VERTICAL') {
    if (this.sizedByChildren) throw new Error(`in set_layoutMode: not supported on ${this.type}`)
    if (value !== 'NONE' && value !== 'HORIZONTAL' && value !== 'VERTICAL') {
      throw new Error(`in set_layoutMode: Invalid value ${String(value)}`)
    }
    this.layoutModeValue = value
    this.childrenChanged()
  }

  private relaying = false
  /** @internal re-flows an auto-layout frame after its children changed. */
  childrenChanged(): void {
    if (this.layoutModeValue === 'NONE' || this.relaying) return
    this.relaying = true
    try {
      const horizontal = this.layoutModeValue === 'HORIZONTAL'
      let along = 0
      let across = 0
      for (const child of this.children) {
        if (child.layoutPositioning === 'ABSOLUTE' || !child.visible) continue
        // The translation of children in the flow is computed by the layout (relativeTransform notes).
        if (horizontal) child.x = along
        else child.y = along
        const box = child.boxInContainingSpace()
        along += (horizontal ? box.width : box.height) + this.itemSpacing
        across = Math.max(across, horizontal ? box.height : box.width)
      }
      along = Math.max(0.01, along - this.itemSpacing)
      if (horizontal) this.size = { width: along, height: Math.max(this.height, across) }
      else this.size = { width: Math.max(this.width, across), height: along }
    } finally {
      this.relaying = false
    }
  }

  override get relativeTransform(): Matrix {
    if (!this.sizedByChildren) return super.relativeTransform
    const box = this.boxInContainingSpace()
    return [
      [1, 0, box.x],
      [0, 1, box.y]
    ]
  }
  override set relativeTransform(value: Matrix) {
    if (this.sizedByChildren) {
      const box = this.boxInContainingSpace()
      this.moveBy(value[0][2] - box.x, value[1][2] - box.y)
      return
    }
    super.relativeTransform = value
  }
  override get width(): number {
    return this.sizedByChildren ? this.boxInContainingSpace().width : super.width
  }
  override get height(): number {
    return this.sizedByChildren ? this.boxInContainingSpace().height : super.height
  }

  override boxInContainingSpace(): Rect {
    if (!this.sizedByChildren) return super.boxInContainingSpace()
    return (
      union(this.children.map((child) => child.boxInContainingSpace())) ?? { x: 0, y: 0, width: 0, height: 0 }
    )
  }

  protected override moveBy(dx: number, dy: number): void {
    if (!this.sizedByChildren) return super.moveBy(dx, dy)
    for (const child of this.children) child.x += dx
    for (const child of this.children) child.y += dy
  }

  override resize(width: number, height: number): void {
    if (this.sizedByChildren) throw new Error(`in resize: A ${this.type} takes its size from its children`)
    super.resize(width, height)
  }

  override renderBox(): Rect {
    const own = super.renderBox()
    if (this.clipsContent && !this.sizedByChildren) return own
    const children = this.children.flatMap((child) => {
      const box = child.absoluteRenderBounds
      return box === null ? [] : [box]
    })
    return (this.sizedByChildren ? union(children) : union([own, ...children])) ?? own
  }

  override copyInto(): SceneNode {
    const copy = super.copyInto() as ContainerNode
    copy.clipsContent = this.clipsContent
    copy.layoutModeValue = this.layoutModeValue
    copy.itemSpacing = this.itemSpacing
    for (const child of this.children) copy.adopt(child.copyInto())
    return copy
  }
}

/** Kept for the playground's frames: a FRAME container. */
export class FrameNode extends ContainerNode {
  constructor(model: DocumentModel, name = 'Frame') {
    super(model, 'FRAME', name)
  }
}
