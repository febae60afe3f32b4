/**
 * The node tree: DOCUMENT → PAGE → FRAME / RECTANGLE, with the parts of Figma's node API a plugin uses.
 * Coordinates follow Figma: x/y are relative to the parent (a page counts as origin), width/height are read
 * only (use resize), fills are frozen on read and copied on write.
 */
import type { DocumentModel } from './document.js'
import { DEFAULT_FRAME_FILLS, DEFAULT_RECTANGLE_FILLS, normalizePaints, type PaintLike } from './paints.js'

/** Whatever can hold a node: DOCUMENT (pages), PAGE and FRAME. */
export type ParentLike = BaseNode & { detach(child: BaseNode): void }

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Expected "${what}" to be a finite number, got ${String(value)}`)
  }
  return value
}

export abstract class BaseNode {
  abstract readonly type: 'DOCUMENT' | 'PAGE' | 'FRAME' | 'RECTANGLE'
  readonly id: string
  parent: ParentLike | null = null
  private nameValue: string
  private readonly pluginData = new Map<string, string>()
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
    this.parent?.detach(this)
    this.parent = null
    this.model.pruneSelection()
    this.model.changed()
  }

  toString(): string {
    return `[Node ${this.id}]`
  }
}

/** A node's children (DOCUMENT, PAGE and FRAME have them; a RECTANGLE has no `children` at all). */
export class ChildList {
  private readonly kids: SceneNode[] = []

  constructor(private readonly owner: ParentLike) {}

  snapshot(): readonly SceneNode[] {
    return Object.freeze([...this.kids])
  }

  insert(index: number, child: SceneNode): void {
    if (!(child instanceof SceneNode)) throw new Error('in insertChild: Expected a scene node')
    if ((child as BaseNode) === this.owner || isAncestor(child, this.owner)) {
      throw new Error('in insertChild: Cannot move a node into itself')
    }
    if (child.parent !== null) child.parent.detach(child)
    const at = Math.max(0, Math.min(finite(index, 'index'), this.kids.length))
    this.kids.splice(at, 0, child)
    child.parent = this.owner
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

export interface ParentNode {
  readonly children: readonly SceneNode[]
  appendChild(child: SceneNode): void
  insertChild(index: number, child: SceneNode): void
  /** @internal */
  detach(child: BaseNode): void
}

export function findAll(parent: ParentNode, callback?: (node: SceneNode) => boolean): SceneNode[] {
  const found: SceneNode[] = []
  for (const child of parent.children) {
    if (callback === undefined || callback(child)) found.push(child)
    if (child instanceof FrameNode) found.push(...findAll(child, callback))
  }
  return found
}

function isAncestor(node: BaseNode, of: BaseNode): boolean {
  for (let p = of.parent; p !== null; p = p.parent) if (p === node) return true
  return false
}

export abstract class SceneNode extends BaseNode {
  abstract override readonly type: 'FRAME' | 'RECTANGLE'
  private box: Rect = { x: 0, y: 0, width: 100, height: 100 }
  private fillsValue: readonly PaintLike[]
  private visibleValue = true
  private lockedValue = false
  private opacityValue = 1
  readonly rotation = 0
  readonly strokes: readonly never[] = Object.freeze([])
  readonly effects: readonly never[] = Object.freeze([])
  readonly isMask = false
  readonly blendMode = 'PASS_THROUGH'
  /** Only meaningful inside auto-layout frames, which the playground does not have. */
  layoutPositioning: 'AUTO' | 'ABSOLUTE' = 'AUTO'

  constructor(model: DocumentModel, name: string, fills: readonly PaintLike[]) {
    super(model, name)
    this.fillsValue = fills
  }

  get x(): number {
    return this.box.x
  }
  set x(value: number) {
    this.box.x = finite(value, 'x')
    this.model.changed()
  }
  get y(): number {
    return this.box.y
  }
  set y(value: number) {
    this.box.y = finite(value, 'y')
    this.model.changed()
  }
  get width(): number {
    return this.box.width
  }
  get height(): number {
    return this.box.height
  }

  resize(width: number, height: number): void {
    if (finite(width, 'width') < 0.01 || finite(height, 'height') < 0.01) {
      throw new Error('in resize: Expected width and height to be >= 0.01')
    }
    this.box.width = width
    this.box.height = height
    this.model.changed()
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

  get visible(): boolean {
    return this.visibleValue
  }
  set visible(value: boolean) {
    this.visibleValue = Boolean(value)
    this.model.changed()
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

  get absoluteBoundingBox(): Rect {
    let { x, y } = this.box
    for (let p = this.parent; p instanceof SceneNode; p = p.parent) {
      x += p.x
      y += p.y
    }
    return { x, y, width: this.box.width, height: this.box.height }
  }
  get absoluteRenderBounds(): Rect | null {
    return this.visible ? this.absoluteBoundingBox : null
  }
  get absoluteTransform(): [[number, number, number], [number, number, number]] {
    const { x, y } = this.absoluteBoundingBox
    return [
      [1, 0, x],
      [0, 1, y]
    ]
  }
  get relativeTransform(): [[number, number, number], [number, number, number]] {
    return [
      [1, 0, this.x],
      [0, 1, this.y]
    ]
  }

  exportAsync(settings?: unknown): Promise<Uint8Array> {
    return this.model.exportNodeAsync(this, settings)
  }
}

export class RectangleNode extends SceneNode {
  readonly type = 'RECTANGLE' as const
  constructor(model: DocumentModel, name = 'Rectangle') {
    super(model, name, DEFAULT_RECTANGLE_FILLS)
  }
}

export class FrameNode extends SceneNode {
  readonly type = 'FRAME' as const
  clipsContent = true
  readonly layoutMode = 'NONE'
  private readonly kids = new ChildList(this)
  constructor(model: DocumentModel, name = 'Frame') {
    super(model, name, DEFAULT_FRAME_FILLS)
  }
  get children(): readonly SceneNode[] {
    return this.kids.snapshot()
  }
  appendChild(child: SceneNode): void {
    this.kids.insert(this.kids.length, child)
  }
  insertChild(index: number, child: SceneNode): void {
    this.kids.insert(index, child)
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
}
