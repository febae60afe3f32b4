/**
 * The document the playground edits: one DOCUMENT with one PAGE, a node registry, the selection, and change
 * notifications the editor uses to redraw.
 */
import { exportNodeAsync } from './export.js'
import { ImageStore } from './images.js'
import {
  BaseNode,
  ChildList,
  findAll,
  FrameNode,
  type ParentNode,
  RectangleNode,
  type SceneNode
} from './nodes.js'

export class PageNode extends BaseNode implements ParentNode {
  readonly type = 'PAGE' as const
  private readonly kids = new ChildList(this)
  private selectionValue: readonly SceneNode[] = Object.freeze([])

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

  get selection(): readonly SceneNode[] {
    return this.selectionValue
  }
  set selection(nodes: readonly SceneNode[]) {
    if (!Array.isArray(nodes)) throw new Error('in set_selection: Expected an array of nodes')
    const unique: SceneNode[] = []
    for (const node of nodes) {
      if (!(node instanceof BaseNode) || node.type === 'PAGE' || node.type === 'DOCUMENT') {
        throw new Error('in set_selection: Expected an array of scene nodes')
      }
      if (node.removed) throw new Error(`in set_selection: The node with id "${node.id}" does not exist`)
      if (!unique.includes(node as SceneNode)) unique.push(node as SceneNode)
    }
    const same =
      unique.length === this.selectionValue.length && unique.every((n, i) => n === this.selectionValue[i])
    if (same) return
    this.selectionValue = Object.freeze(unique)
    this.model.selectionChanged()
  }
}

export class DocumentNode extends BaseNode {
  readonly type = 'DOCUMENT' as const
  readonly pages: PageNode[] = []
  get children(): readonly PageNode[] {
    return Object.freeze([...this.pages])
  }
  /** @internal */
  detach(): void {}
}

type Listener = () => void

export class DocumentModel {
  private idCounter = 0
  private readonly nodes = new Map<string, BaseNode>()
  private readonly changeListeners = new Set<Listener>()
  private readonly selectionListeners = new Set<Listener>()
  private changeScheduled = false
  private selectionScheduled = false
  readonly images = new ImageStore()
  readonly root: DocumentNode
  readonly page: PageNode

  constructor(name: string) {
    this.root = new DocumentNode(this, name)
    this.page = new PageNode(this, 'Page 1')
    this.page.parent = this.root
    this.root.pages.push(this.page)
  }

  nextId(): string {
    const n = this.idCounter++
    return n === 0 ? '0:0' : n === 1 ? '0:1' : `1:${n}`
  }

  register(node: BaseNode): void {
    this.nodes.set(node.id, node)
  }

  /** A node that has been removed from the tree is not found, as in Figma. */
  getNode(id: string): BaseNode | null {
    const node = this.nodes.get(id)
    return node !== undefined && this.isAttached(node) ? node : null
  }

  isAttached(node: BaseNode): boolean {
    let current: BaseNode = node
    while (current.parent !== null) current = current.parent
    return current === this.root
  }

  createRectangle(): RectangleNode {
    const node = new RectangleNode(this)
    this.page.appendChild(node)
    return node
  }

  createFrame(): FrameNode {
    const node = new FrameNode(this)
    this.page.appendChild(node)
    return node
  }

  exportNodeAsync(node: SceneNode, settings: unknown): Promise<Uint8Array> {
    if (node.removed) return Promise.reject(new Error('in exportAsync: The node has been removed'))
    return exportNodeAsync(node, this.images, settings)
  }

  onChange(listener: Listener): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  onSelectionChange(listener: Listener): () => void {
    this.selectionListeners.add(listener)
    return () => this.selectionListeners.delete(listener)
  }

  /** Coalesces changes into one notification per task, like Figma batching canvas updates. */
  changed(): void {
    if (this.changeScheduled) return
    this.changeScheduled = true
    setTimeout(() => {
      this.changeScheduled = false
      for (const listener of this.changeListeners) listener()
    })
  }

  selectionChanged(): void {
    this.changed()
    if (this.selectionScheduled) return
    this.selectionScheduled = true
    setTimeout(() => {
      this.selectionScheduled = false
      for (const listener of this.selectionListeners) listener()
    })
  }

  pruneSelection(): void {
    const kept = this.page.selection.filter((node) => this.isAttached(node))
    if (kept.length !== this.page.selection.length) this.page.selection = kept
  }
}
