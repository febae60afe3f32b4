/**
 * Undo steps of plugin changes. Figma: "commitUndo … Commits actions to undo history. This does not
 * trigger an undo"; "By default, plugin actions are not committed to undo history … the first triggered
 * undo will undo both the rectangle and the ellipse" (plugin-api.d.ts, PluginAPI.commitUndo). The docs
 * say "actions", not "created layers": every change a plugin makes to the document is in the step —
 * layers made, moved, regrouped or removed, their properties, plugin data and relaunch data, on new and
 * existing nodes alike. Undoing it puts all of that back and restores the selection from before (the
 * docs are silent on selection; a layer the undo removed cannot stay selected, so the selection before
 * is the stricter answer). The viewport is the editor's view, not the document (PluginAPI.viewport), and
 * the docs do not say undo moves it: it stays where the plugin put it.
 */
import type { ParentLike } from './base-node.js'
import type { BaseNode, ChildList, SceneNode } from './nodes.js'

/**
 * One undo step: the nodes made in it, and the state before it of everything else it changed (a node's
 * own properties, a parent's list of children), taken at the first change.
 */
export interface UndoStep {
  readonly created: Set<BaseNode>
  readonly states: Map<BaseNode, Record<string, unknown>>
  readonly children: Map<ChildList, SceneNode[]>
  readonly selection: readonly SceneNode[]
}

export class UndoHistory {
  /** How many times a plugin called figma.commitUndo(). */
  commits = 0
  private readonly steps: UndoStep[] = []
  private pending: UndoStep | null = null
  /** Plugins open now: only their changes are recorded for undo (not building the scene). */
  private pluginsOpen = 0
  /** Inside `asEditor`: the designer's own edits, which are not the plugin's undo step. */
  private editing = 0

  /** `selection` reads the selection a new step starts from. */
  constructor(private readonly selection: () => readonly SceneNode[]) {}

  pluginOpened(): void {
    this.pluginsOpen++
  }

  pluginClosed(): void {
    this.pluginsOpen = Math.max(0, this.pluginsOpen - 1)
  }

  asEditor<T>(edit: () => T): T {
    this.editing++
    try {
      return edit()
    } finally {
      this.editing--
    }
  }

  recordCreated<T extends SceneNode>(node: T): T {
    this.step()?.created.add(node)
    return node
  }

  /**
   * `field` of `node` is about to change: its value before the step is kept once. Field by field, so that
   * undo leaves alone what the designer changed on the same layer meanwhile.
   */
  touch(node: BaseNode, field: string): void {
    const step = this.step()
    if (step === undefined || step.created.has(node)) return
    const kept = step.states.get(node) ?? {}
    if (field in kept) return
    step.states.set(node, { ...kept, ...node.captureState([field]) })
  }

  /** A list of children is about to change: its order before the step is kept once. */
  touchChildren(owner: ParentLike, list: ChildList): void {
    const step = this.step()
    if (step === undefined || step.created.has(owner) || step.children.has(list)) return
    step.children.set(list, list.items())
  }

  commit(): void {
    this.commits++
    if (this.pending !== null) this.steps.push(this.pending)
    this.pending = null
  }

  /** The latest step, taken off the history: uncommitted changes first. */
  pop(): UndoStep | undefined {
    if (this.pending !== null) {
      // The editor's undo commits what is pending; that is not the plugin's figma.commitUndo().
      this.steps.push(this.pending)
      this.pending = null
    }
    return this.steps.pop()
  }

  /** The step plugin changes go into now, started on the first; undefined for the designer's own edits. */
  private step(): UndoStep | undefined {
    if (this.pluginsOpen === 0 || this.editing > 0) return undefined
    this.pending ??= {
      created: new Set(),
      states: new Map(),
      children: new Map(),
      selection: this.selection()
    }
    return this.pending
  }
}

/** Puts back what `step` changed: layers made in it leave the tree, lists and properties are restored. */
export function revertStep(step: UndoStep): void {
  for (const node of step.created) {
    const parent = node.parent
    // Those inside another new node go with it.
    if (parent === null || step.created.has(parent)) continue
    parent.detach(node)
    node.parent = null
  }
  for (const [list, items] of step.children) list.replace(items)
  for (const [node, state] of step.states) node.restoreState(state)
}
