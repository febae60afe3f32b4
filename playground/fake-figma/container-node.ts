/**
 * Nodes with children: FRAME, COMPONENT, COMPONENT_SET, INSTANCE (frame-like) and GROUP, BOOLEAN_OPERATION
 * (sized by their children), and the child list with Figma's reparenting rules.
 */
import { BaseNode, finite, type ParentLike } from './base-node.js'
import type { DocumentModel } from './document.js'
import type { ContainerType } from './nodes.js'
import { DEFAULT_FRAME_FILLS } from './paints.js'
import { checkReparent } from './reparent-rules.js'
import { SceneNode } from './scene-node.js'
import { type Matrix, type Rect, union } from './transform.js'

/** A node's children (DOCUMENT, PAGE and containers have them; a leaf has no `children` at all). */
export class ChildList {
  private readonly kids: SceneNode[] = []

  constructor(private readonly owner: ParentLike) {}

  snapshot(): readonly SceneNode[] {
    return Object.freeze([...this.kids])
  }

  /** @internal the children in order, for undo. */
  items(): SceneNode[] {
    return [...this.kids]
  }
  /** @internal undo: these children, in this order, are the owner's again. */
  replace(items: readonly SceneNode[]): void {
    this.kids.splice(0, this.kids.length, ...items)
    for (const child of items) child.parent = this.owner
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
    this.owner.model.touchChildren(this.owner, this)
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
    if (index < 0) return
    this.owner.model.touchChildren(this.owner, this)
    this.kids.splice(index, 1)
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

/** FRAME, COMPONENT, COMPONENT_SET, INSTANCE (frame-like) and GROUP, BOOLEAN_OPERATION (sized by children). */
export class ContainerNode extends SceneNode {
  private readonly kids = new ChildList(this)
  /**
   * Frames clip by default: plugin-api.d.ts BaseFrameMixin.clipsContent "Whether the frame clips its
   * contents"; a frame made in the editor or by figma.createFrame() starts with it on.
   */
  private clipsContentValue: boolean
  private layoutModeValue: 'NONE' | 'HORIZONTAL' | 'VERTICAL' = 'NONE'
  private itemSpacingValue = 0

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
    this.clipsContentValue = !this.sizedByChildren
  }

  get clipsContent(): boolean {
    return this.clipsContentValue
  }
  set clipsContent(value: boolean) {
    this.model.touch(this, 'clipsContentValue')
    this.clipsContentValue = Boolean(value)
    this.model.changed()
  }
  get itemSpacing(): number {
    return this.itemSpacingValue
  }
  set itemSpacing(value: number) {
    this.model.touch(this, 'itemSpacingValue')
    this.itemSpacingValue = finite(value, 'itemSpacing')
    this.childrenChanged()
    this.model.changed()
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
    this.model.touch(this, 'layoutModeValue')
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
