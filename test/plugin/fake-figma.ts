/**
 * A small hand-written `figma` for the plugin's main thread: a page tree of nodes with positions and sizes,
 * exportAsync that records its constraint, createImage / createRectangle, clientStorage in a Map, and the
 * message bus. Only what the plugin calls; anything else is absent, so a new call shows up as a failure.
 */
let nextId = 1

export class FakeNode {
  readonly id: string
  parent: FakeNode | null = null
  children: FakeNode[] = []
  x = 0
  y = 0
  width = 100
  height = 100
  visible = true
  removed = false
  fills: readonly unknown[] = []
  selection: FakeNode[] = []
  readonly exports: unknown[] = []
  readonly pluginData = new Map<string, string>()
  failExport = false

  constructor(
    readonly type: string,
    public name = type.toLowerCase()
  ) {
    this.id = `${nextId++}:1`
  }

  async exportAsync(settings: unknown): Promise<Uint8Array> {
    this.exports.push(settings)
    if (this.failExport) throw new Error('export failed')
    return new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])
  }

  appendChild(child: FakeNode): void {
    if (child.parent) child.parent.children = child.parent.children.filter((node) => node !== child)
    child.parent = this
    this.children.push(child)
  }

  resize(width: number, height: number): void {
    this.width = width
    this.height = height
  }

  setPluginData(key: string, value: string): void {
    this.pluginData.set(key, value)
  }

  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? ''
  }
}

export function layer(
  type: string,
  name: string,
  box: { x?: number; y?: number; width: number; height: number },
  extra: Partial<FakeNode> = {}
): FakeNode {
  const node = new FakeNode(type, name)
  Object.assign(node, { x: box.x ?? 0, y: box.y ?? 0, width: box.width, height: box.height }, extra)
  return node
}

export interface FakeFigma {
  editorType: string
  root: FakeNode
  currentPage: FakeNode
  images: Uint8Array[]
  undoCommits: number
  scrolledTo: FakeNode[][]
  notifications: string[]
  posted: unknown[]
  showUICalls: { html: string; options: Record<string, unknown> }[]
  closed: string | null
  storage: Map<string, unknown>
  listeners: Map<string, (() => void)[]>
  /** The PluginAPI surface the plugin uses. */
  api: Record<string, unknown>
  add(parent: FakeNode, ...nodes: FakeNode[]): void
  fire(event: string): void
}

export function createFakeFigma(): FakeFigma {
  const root = new FakeNode('DOCUMENT', 'Document')
  const page = new FakeNode('PAGE', 'Page 1')
  root.appendChild(page)
  const fake: FakeFigma = {
    editorType: 'figma',
    root,
    currentPage: page,
    images: [],
    undoCommits: 0,
    scrolledTo: [],
    notifications: [],
    posted: [],
    showUICalls: [],
    closed: null,
    storage: new Map(),
    listeners: new Map(),
    api: {},
    add(parent, ...nodes) {
      for (const node of nodes) parent.appendChild(node)
    },
    fire(event) {
      for (const listener of fake.listeners.get(event) ?? []) listener()
    }
  }
  function find(node: FakeNode, id: string): FakeNode | null {
    if (node.id === id) return node
    for (const child of node.children) {
      const found = find(child, id)
      if (found) return found
    }
    return null
  }
  fake.api = {
    get editorType() {
      return fake.editorType
    },
    root,
    get currentPage() {
      return fake.currentPage
    },
    command: '',
    async getNodeByIdAsync(id: string) {
      return find(root, id)
    },
    createImage(bytes: Uint8Array) {
      if (bytes.length === 0) throw new Error('Image is invalid')
      fake.images.push(bytes)
      return { hash: `hash-${fake.images.length}` }
    },
    createRectangle() {
      const rectangle = new FakeNode('RECTANGLE', 'Rectangle')
      // Figma puts a new node on the current page until it is appended elsewhere.
      fake.currentPage.appendChild(rectangle)
      return rectangle
    },
    commitUndo() {
      fake.undoCommits++
    },
    viewport: {
      scrollAndZoomIntoView(nodes: FakeNode[]) {
        fake.scrolledTo.push([...nodes])
      }
    },
    clientStorage: {
      async getAsync(key: string) {
        return structuredClone(fake.storage.get(key))
      },
      async setAsync(key: string, value: unknown) {
        fake.storage.set(key, structuredClone(value))
      }
    },
    notify(message: string) {
      fake.notifications.push(message)
      return { cancel() {} }
    },
    closePlugin(message?: string) {
      fake.closed = message ?? ''
    },
    on(event: string, listener: () => void) {
      fake.listeners.set(event, [...(fake.listeners.get(event) ?? []), listener])
    },
    showUI(html: string, options: Record<string, unknown>) {
      fake.showUICalls.push({ html, options })
    },
    ui: {
      onmessage: undefined as ((message: unknown) => void) | undefined,
      postMessage(message: unknown) {
        fake.posted.push(message)
      }
    }
  }
  return fake
}

/** Installs `fake` as the global `figma` the plugin code reads. */
export function installFigma(fake: FakeFigma): void {
  ;(globalThis as { figma?: unknown }).figma = fake.api
}
