/**
 * The document: one DOCUMENT with its PAGEs, a node registry, the current page and its selection, change
 * notifications the editor uses to redraw, and the undo steps plugins commit. No DOM: the same model runs
 * the playground in a browser and the plugin's unit tests in Node.
 */
import type { ParentLike } from './base-node.js'
import { exportNodeAsync, type ExportRenderer, flatPngRenderer } from './export.js'
import { ImageStore } from './images.js'
import {
  BaseNode,
  ChildList,
  ContainerNode,
  type ContainerType,
  findAll,
  LeafNode,
  type LeafType,
  type NodeType,
  type SceneNode
} from './nodes.js'
import { revertStep, UndoHistory } from './undo-history.js'

const CONTAINER_TYPES: readonly string[] = [
  'FRAME',
  'GROUP',
  'COMPONENT',
  'COMPONENT_SET',
  'INSTANCE',
  'BOOLEAN_OPERATION'
]

export class PageNode extends BaseNode {
  readonly type = 'PAGE' as const
  private readonly kids = new ChildList(this)
  private selectionValue: readonly SceneNode[] = Object.freeze([])
  /** @internal with documentAccess "dynamic-page", pages other than the first open unloaded. */
  loaded = true

  /**
   * "If the manifest contains "documentAccess": "dynamic-page", and the node is a PageNode, you must first
   * call PageNode.loadAsync to access this property" (ChildrenMixin.children, appendChild, insertChild…).
   */
  private checkLoaded(what: string): void {
    if (!this.loaded) {
      throw new Error(`in ${what}: Page "${this.name}" is not loaded. Call page.loadAsync() first.`)
    }
  }
  /** "Loads the contents of the page node" (PageNode.loadAsync). */
  async loadAsync(): Promise<void> {
    this.loaded = true
  }

  get children(): readonly SceneNode[] {
    this.checkLoaded('get_children')
    return this.kids.snapshot()
  }
  /** @internal the editor's own view, loaded or not. */
  get contents(): readonly SceneNode[] {
    return this.kids.snapshot()
  }
  appendChild(child: SceneNode): void {
    this.checkLoaded('appendChild')
    this.kids.insert(this.kids.length - (child.parent === this ? 1 : 0), child)
  }
  insertChild(index: number, child: SceneNode): void {
    this.checkLoaded('insertChild')
    this.kids.insert(index, child)
  }
  /** @internal */
  adopt(child: SceneNode): void {
    this.kids.insert(this.kids.length, child, true)
  }
  findAll(callback?: (node: SceneNode) => boolean): SceneNode[] {
    this.checkLoaded('findAll')
    return findAll(this, callback)
  }
  findOne(callback: (node: SceneNode) => boolean): SceneNode | null {
    return this.findAll(callback)[0] ?? null
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
      // "Each page stores its own selection separately"; the docs do not say what a node of another page
      // does there, so the stricter answer: it is refused.
      if (pageOf(node) !== this) {
        throw new Error(`in set_selection: The node with id "${node.id}" is not on page "${this.name}"`)
      }
      if (!unique.includes(node as SceneNode)) unique.push(node as SceneNode)
    }
    // "Only directly selected nodes are present in this array … the array will never contain both a node and
    // one of its descendents" (plugin-api.d.ts, PageNode.selection).
    const direct = unique.filter(
      (node) => !unique.some((other) => other !== node && isAncestorOf(other, node))
    )
    unique.length = 0
    unique.push(...direct)
    const same =
      unique.length === this.selectionValue.length && unique.every((n, i) => n === this.selectionValue[i])
    if (same) return
    this.selectionValue = Object.freeze(unique)
    if (this.model.currentPage === this) this.model.selectionChanged()
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

function isAncestorOf(ancestor: BaseNode, node: BaseNode): boolean {
  for (let current = node.parent; current !== null; current = current.parent)
    if (current === ancestor) return true
  return false
}

export function pageOf(node: BaseNode): PageNode | null {
  let current: BaseNode | null = node
  while (current !== null && !(current instanceof PageNode)) current = current.parent
  return current
}

type Listener = () => void

export class DocumentModel {
  private idCounter = 0
  private readonly nodes = new Map<string, BaseNode>()
  private readonly changeListeners = new Set<Listener>()
  private readonly selectionListeners = new Set<Listener>()
  private readonly pageListeners = new Set<Listener>()
  private changeScheduled = false
  private selectionScheduled = false
  readonly images = new ImageStore()
  readonly root: DocumentNode
  /** The first page (the one the editor opens on). */
  readonly page: PageNode
  currentPage: PageNode
  /** The undo steps plugins commit, and which changes are theirs. */
  private readonly history = new UndoHistory(() => this.currentPage.selection)
  /** Draws exports; the playground puts a canvas renderer here, Node tests keep the flat PNG one. */
  renderer: ExportRenderer = flatPngRenderer

  constructor(name: string) {
    this.root = new DocumentNode(this, name)
    this.page = this.addPage('Page 1')
    this.currentPage = this.page
  }

  addPage(name: string): PageNode {
    const page = new PageNode(this, name)
    page.parent = this.root
    this.root.pages.push(page)
    return page
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

  /** A detached node of `type` (the caller puts it somewhere); made by a plugin, it is in its undo step. */
  createNode(type: NodeType, name: string): SceneNode {
    if (type === 'DOCUMENT' || type === 'PAGE') throw new Error(`Cannot create a ${type} node`)
    const node = CONTAINER_TYPES.includes(type)
      ? new ContainerNode(this, type as ContainerType, name)
      : new LeafNode(this, type as LeafType, name)
    return this.recordCreated(node)
  }

  /** How many times a plugin called figma.commitUndo(). */
  get undoCommits(): number {
    return this.history.commits
  }

  /** A layer a plugin created: part of the current undo step. */
  recordCreated<T extends SceneNode>(node: T): T {
    return this.history.recordCreated(node)
  }

  /** @internal a plugin opened (figma runtime made) or closed: changes meanwhile are the plugin's. */
  pluginOpened(): void {
    this.history.pluginOpened()
  }
  pluginClosed(): void {
    this.history.pluginClosed()
  }

  /** Runs the designer's own edit (a drag on the canvas): not part of a plugin's undo step. */
  asEditor<T>(edit: () => T): T {
    return this.history.asEditor(edit)
  }

  /** @internal `field` of `node` is about to change: see UndoHistory.touch. */
  touch(node: BaseNode, field: string): void {
    this.history.touch(node, field)
  }

  /** @internal a list of children is about to change: see UndoHistory.touchChildren. */
  touchChildren(owner: ParentLike, list: ChildList): void {
    this.history.touchChildren(owner, list)
  }

  /** figma.commitUndo(): what the plugin did since the last commit becomes one undo step. */
  commitUndo(): void {
    this.history.commit()
  }

  /** The editor's Undo (⌘Z): the latest step, uncommitted changes first. False when there is none. */
  undo(): boolean {
    const step = this.history.pop()
    if (step === undefined) return false
    this.asEditor(() => {
      revertStep(step)
      this.pruneSelection()
      this.currentPage.selection = step.selection.filter((node) => !node.removed)
    })
    this.changed()
    return true
  }

  /** Like figma.createRectangle(): the new node goes on the current page. */
  createRectangle(): SceneNode {
    const node = this.createNode('RECTANGLE', 'Rectangle')
    this.currentPage.adopt(node)
    return node
  }

  createFrame(): ContainerNode {
    const node = this.createNode('FRAME', 'Frame') as ContainerNode
    this.currentPage.adopt(node)
    return node
  }

  exportNodeAsync(node: SceneNode, settings: unknown): Promise<Uint8Array> {
    if (node.removed) return Promise.reject(new Error('in exportAsync: The node has been removed'))
    return exportNodeAsync(node, settings, this.renderer)
  }

  async setCurrentPageAsync(page: PageNode): Promise<void> {
    if (!this.root.pages.includes(page)) throw new Error('in setCurrentPageAsync: Expected a page')
    await page.loadAsync()
    if (page === this.currentPage) return
    this.currentPage = page
    this.changed()
    this.selectionChanged()
    setTimeout(() => {
      for (const listener of this.pageListeners) listener()
    })
  }

  onChange(listener: Listener): () => void {
    this.changeListeners.add(listener)
    return () => this.changeListeners.delete(listener)
  }

  onSelectionChange(listener: Listener): () => void {
    this.selectionListeners.add(listener)
    return () => this.selectionListeners.delete(listener)
  }

  onPageChange(listener: Listener): () => void {
    this.pageListeners.add(listener)
    return () => this.pageListeners.delete(listener)
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
    for (const page of this.root.pages) {
      const kept = page.selection.filter((node) => this.isAttached(node) && pageOf(node) === page)
      if (kept.length !== page.selection.length) page.selection = kept
    }
  }
}
