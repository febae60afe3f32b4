/** What every node has: id, name, parent, plugin data, removal. */
import type { DocumentModel } from './document.js'
import type { NodeType } from './nodes.js'

/** Whatever can hold nodes: DOCUMENT (pages), PAGE and the container scene nodes. */
export type ParentLike = BaseNode & { detach(child: BaseNode): void }

export function finite(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`Expected "${what}" to be a finite number, got ${String(value)}`)
  }
  return value
}

/** Plugin data is the one field changed in place: undo keeps a copy of the map. */
const copyOf = (value: unknown): unknown =>
  value instanceof Map ? new Map(value as Map<unknown, unknown>) : value

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
    this.model.touch(this, 'nameValue')
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
    this.model.touch(this, 'pluginData')
    if (value === '') this.pluginData.delete(key)
    else this.pluginData.set(key, value)
  }
  getPluginData(key: string): string {
    return this.pluginData.get(key) ?? ''
  }
  getPluginDataKeys(): string[] {
    return [...this.pluginData.keys()]
  }
  /**
   * "Each call to this method sets entirely new relaunch data, removing any relaunch data … from before";
   * "This method will throw if description exceeds 1000 characters" (plugin-api.d.ts, setRelaunchData).
   * Commands missing from the manifest are kept but show no button ("nothing will be displayed"): the
   * editor's relaunch panel filters them against the manifest.
   */
  setRelaunchData(data: Record<string, string>): void {
    if (typeof data !== 'object' || data === null) throw new Error('in setRelaunchData: Expected an object')
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') throw new Error(`in setRelaunchData: Expected "${key}" to be a string`)
      if (value.length > 1000) {
        throw new Error(`in setRelaunchData: description of "${key}" exceeds 1000 characters`)
      }
    }
    this.model.touch(this, 'relaunchData')
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
    // A container re-flows (auto layout) when a child leaves.
    ;(parent as { childrenChanged?: () => void } | null)?.childrenChanged?.()
    this.model.pruneSelection()
    this.model.changed()
  }

  /** @internal the current values of these fields of the node, for undo. */
  captureState(fields: readonly string[]): Record<string, unknown> {
    const own = this as unknown as Record<string, unknown>
    return Object.fromEntries(fields.map((field) => [field, copyOf(own[field])]))
  }
  /** @internal puts back what `captureState` took. */
  restoreState(state: Record<string, unknown>): void {
    for (const [field, value] of Object.entries(state)) {
      ;(this as unknown as Record<string, unknown>)[field] = copyOf(value)
    }
  }

  toString(): string {
    return `[Node ${this.id}]`
  }
}
