/**
 * The canvas: layers drawn at their positions in a pannable, zoomable world; Figma's selection outline,
 * handles and size badge; frame names above top-level frames. Click selects the top-most layer under the
 * pointer (shift toggles), dragging moves the selection, wheel pans, Ctrl/⌘+wheel zooms, Shift+1 fits all,
 * Shift+2 fits the selection, Shift+0 is 100 %. It also implements figma.viewport.
 */
import type { DocumentModel } from '../fake-figma/document.js'
import type { Viewport } from '../fake-figma/figma.js'
import { ContainerNode, type Rect, type SceneNode } from '../fake-figma/nodes.js'
import { cssBackground, unionRect } from './draw.js'

const PADDING = 48

export class CanvasView implements Viewport {
  readonly element = document.createElement('div')
  private readonly world = document.createElement('div')
  private readonly overlay = document.createElement('div')
  private pan = { x: 0, y: 0 }
  private zoomValue = 1
  /** Width on the right covered by the plugin window, left out when fitting. */
  coveredRight = 0
  onZoomChange: (zoom: number) => void = () => {}

  constructor(private readonly model: DocumentModel) {
    this.element.className = 'canvas'
    this.element.setAttribute('aria-label', 'Canvas')
    this.world.className = 'world'
    this.overlay.className = 'overlay'
    this.element.append(this.world, this.overlay)
    model.onChange(() => this.render())
    this.listen()
  }

  get zoom(): number {
    return this.zoomValue
  }
  set zoom(value: number) {
    const center = this.center
    this.zoomValue = Math.max(0.02, Math.min(256, value))
    this.center = center
  }
  get center(): { x: number; y: number } {
    const b = this.bounds
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
  }
  set center(value: { x: number; y: number }) {
    const { width, height } = this.element.getBoundingClientRect()
    this.pan = { x: width / 2 - value.x * this.zoomValue, y: height / 2 - value.y * this.zoomValue }
    this.render()
  }
  get bounds(): Rect {
    const { width, height } = this.element.getBoundingClientRect()
    const z = this.zoomValue
    return { x: -this.pan.x / z, y: -this.pan.y / z, width: width / z, height: height / z }
  }

  scrollAndZoomIntoView(nodes: readonly SceneNode[]): void {
    const rect = unionRect(nodes.filter((n) => !n.removed).map((n) => n.absoluteBoundingBox))
    if (rect !== null) this.fit(rect)
  }

  fitAll(): void {
    this.scrollAndZoomIntoView(this.model.currentPage.contents)
  }

  private fit(rect: Rect, maxZoom = 1): void {
    const box = this.element.getBoundingClientRect()
    const width = Math.max(100, box.width - this.coveredRight - PADDING * 2)
    const height = Math.max(100, box.height - PADDING * 2)
    this.zoomValue = Math.min(maxZoom, width / rect.width, height / rect.height)
    this.pan = {
      x: PADDING + (width - rect.width * this.zoomValue) / 2 - rect.x * this.zoomValue,
      y: PADDING + (height - rect.height * this.zoomValue) / 2 - rect.y * this.zoomValue
    }
    this.render()
  }

  render(): void {
    this.world.style.transform = `translate(${this.pan.x}px, ${this.pan.y}px) scale(${this.zoomValue})`
    this.world.replaceChildren(...this.model.currentPage.contents.map((node) => this.renderNode(node)))
    this.renderOverlay()
    this.onZoomChange(this.zoomValue)
  }

  private renderNode(node: SceneNode): HTMLElement {
    const el = document.createElement('div')
    el.className = 'layer'
    el.dataset.id = node.id
    const container = node instanceof ContainerNode ? node : null
    // Groups have no box of their own: their children sit in the same space as the group's parent.
    if (container?.sizedByChildren === true) {
      Object.assign(el.style, { left: '0px', top: '0px', width: '0px', height: '0px', overflow: 'visible' })
    } else {
      const m = node.relativeTransform
      const shadows = node.effects.flatMap((effect) =>
        effect.type === 'DROP_SHADOW' && effect.visible
          ? [
              `${effect.offset.x}px ${effect.offset.y}px ${effect.radius}px ${effect.spread}px rgb(${effect.color.r * 255} ${effect.color.g * 255} ${effect.color.b * 255} / ${effect.color.a})`
            ]
          : []
      )
      Object.assign(el.style, {
        left: '0px',
        top: '0px',
        width: `${node.width}px`,
        height: `${node.height}px`,
        transformOrigin: '0 0',
        transform: `matrix(${m[0][0]}, ${m[1][0]}, ${m[0][1]}, ${m[1][1]}, ${m[0][2]}, ${m[1][2]})`,
        background: cssBackground(node.fills, this.model.images),
        boxShadow: shadows.join(', '),
        overflow: container !== null && container.clipsContent ? 'hidden' : 'visible'
      })
    }
    el.style.opacity = String(node.opacity)
    el.style.display = node.visible ? 'block' : 'none'
    if (container !== null) el.append(...container.children.map((child) => this.renderNode(child)))
    return el
  }

  private toScreen(rect: Rect): Rect {
    const z = this.zoomValue
    return {
      x: rect.x * z + this.pan.x,
      y: rect.y * z + this.pan.y,
      width: rect.width * z,
      height: rect.height * z
    }
  }

  private renderOverlay(): void {
    const parts: HTMLElement[] = []
    for (const node of this.model.currentPage.contents) {
      if (!(node instanceof ContainerNode) || node.sizedByChildren || !node.visible) continue
      const r = this.toScreen(node.absoluteBoundingBox)
      const label = box('frame-label', { x: r.x, y: r.y - 18, width: r.width, height: 16 })
      label.textContent = node.name
      parts.push(label)
    }
    const selection = this.model.currentPage.selection
    for (const node of selection) parts.push(box('selection', this.toScreen(node.absoluteBoundingBox)))
    const all = unionRect(selection.map((n) => n.absoluteBoundingBox))
    if (all !== null) {
      const r = this.toScreen(all)
      if (selection.length > 1) parts.push(box('selection', r))
      for (const [hx, hy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1]
      ]) {
        parts.push(
          box('handle', { x: r.x + hx * r.width - 4, y: r.y + hy * r.height - 4, width: 8, height: 8 })
        )
      }
      const badge = document.createElement('div')
      badge.className = 'size-badge'
      badge.textContent = `${fmt(all.width)} × ${fmt(all.height)}`
      badge.style.left = `${r.x + r.width / 2}px`
      badge.style.top = `${r.y + r.height + 8}px`
      parts.push(badge)
    }
    this.overlay.replaceChildren(...parts)
  }

  private hit(clientX: number, clientY: number): SceneNode | null {
    const box = this.element.getBoundingClientRect()
    const x = (clientX - box.left - this.pan.x) / this.zoomValue
    const y = (clientY - box.top - this.pan.y) / this.zoomValue
    const inside = (n: SceneNode) => {
      const r = n.absoluteBoundingBox
      return n.visible && !n.locked && x >= r.x && y >= r.y && x <= r.x + r.width && y <= r.y + r.height
    }
    const top = [...this.model.currentPage.contents].reverse().find(inside) ?? null
    // Like Figma, a click inside a top-level frame selects the child under the pointer.
    if (top instanceof ContainerNode) return [...top.children].reverse().find(inside) ?? top
    return top
  }

  private listen(): void {
    this.element.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return
      const node = this.hit(event.clientX, event.clientY)
      const page = this.model.currentPage
      if (node === null) {
        if (!event.shiftKey) page.selection = []
        return
      }
      if (event.shiftKey) {
        page.selection = page.selection.includes(node)
          ? page.selection.filter((n) => n !== node)
          : [...page.selection, node]
        return
      }
      if (!page.selection.includes(node)) page.selection = [node]
      this.drag(event, page.selection)
    })
    this.element.addEventListener(
      'wheel',
      (event) => {
        event.preventDefault()
        if (event.ctrlKey || event.metaKey) {
          const box = this.element.getBoundingClientRect()
          const px = event.clientX - box.left
          const py = event.clientY - box.top
          const next = Math.max(0.02, Math.min(256, this.zoomValue * Math.exp(-event.deltaY / 200)))
          this.pan = {
            x: px - ((px - this.pan.x) * next) / this.zoomValue,
            y: py - ((py - this.pan.y) * next) / this.zoomValue
          }
          this.zoomValue = next
        } else {
          this.pan = { x: this.pan.x - event.deltaX, y: this.pan.y - event.deltaY }
        }
        this.render()
      },
      { passive: false }
    )
    window.addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLInputElement) return
      // ⌘Z / Ctrl+Z: undo the latest step (a plugin run is one step when it commits once).
      if ((event.metaKey || event.ctrlKey) && !event.shiftKey && event.code === 'KeyZ') {
        event.preventDefault()
        this.model.undo()
        return
      }
      if (!event.shiftKey) return
      if (event.code === 'Digit1') this.fitAll()
      if (event.code === 'Digit2') this.scrollAndZoomIntoView(this.model.currentPage.selection)
      if (event.code === 'Digit0') this.zoom = 1
    })
  }

  private drag(start: PointerEvent, nodes: readonly SceneNode[]): void {
    const origin = nodes.map((n) => ({ n, x: n.x, y: n.y }))
    const move = (event: PointerEvent) => {
      const dx = Math.round((event.clientX - start.clientX) / this.zoomValue)
      const dy = Math.round((event.clientY - start.clientY) / this.zoomValue)
      // The designer's drag: not part of a plugin's undo step.
      this.model.asEditor(() => {
        for (const o of origin) {
          o.n.x = o.x + dx
          o.n.y = o.y + dy
        }
      })
    }
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  }
}

function fmt(value: number): string {
  return String(Math.round(value * 100) / 100)
}

function box(className: string, r: Rect): HTMLElement {
  const el = document.createElement('div')
  el.className = className
  Object.assign(el.style, {
    left: `${r.x}px`,
    top: `${r.y}px`,
    width: `${r.width}px`,
    height: `${r.height}px`
  })
  return el
}
