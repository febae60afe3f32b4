/**
 * The fake Figma's undo (playground/fake-figma/document.ts, after plugin-api.d.ts PluginAPI.commitUndo):
 * everything a plugin changed between two commits goes back in one step — new layers, moves into groups,
 * removals, properties, plugin and relaunch data on existing nodes — and the selection from before; the
 * designer's own edits and the viewport are not part of it.
 */
import { beforeEach, describe, expect, it } from 'vitest'

import type { SceneNode } from '../../playground/fake-figma/nodes.js'
import { createFakeFigma, type FakeFigma, installFigma, layer } from './fake-figma.js'

let figma: FakeFigma
const api = () => figma.api as unknown as PluginAPI

beforeEach(() => {
  figma = createFakeFigma()
  installFigma(figma)
})

/** What undo must give back: every layer's place, box, look and data, the document's data, the selection. */
function documentState() {
  const describe = (node: SceneNode): unknown => ({
    id: node.id,
    name: node.name,
    parent: node.parent?.id,
    box: [node.x, node.y, node.width, node.height],
    visible: node.visible,
    opacity: node.opacity,
    fills: node.fills,
    pluginData: Object.fromEntries(node.getPluginDataKeys().map((key) => [key, node.getPluginData(key)])),
    relaunch: node.getRelaunchData(),
    children: 'children' in node ? (node.children as SceneNode[]).map(describe) : undefined
  })
  return {
    layers: figma.currentPage.children.map(describe),
    root: Object.fromEntries(
      figma.root.getPluginDataKeys().map((key) => [key, figma.root.getPluginData(key)])
    ),
    selection: figma.currentPage.selection.map((node) => node.id)
  }
}

describe('fake undo', () => {
  it('takes back a whole plugin step: new layers, groups of old ones, removals, properties and data', () => {
    const a = layer('RECTANGLE', 'A', { x: 0, y: 0, width: 10, height: 10 })
    const b = layer('RECTANGLE', 'B', { x: 20, y: 0, width: 10, height: 10 })
    const c = layer('RECTANGLE', 'C', { x: 40, y: 0, width: 10, height: 10 })
    const frame = layer('FRAME', 'Frame', { x: 0, y: 50, width: 100, height: 100 })
    figma.add(figma.currentPage, a, b, c, frame)
    figma.model.asEditor(() => (figma.currentPage.selection = [a]))
    const before = documentState()

    const made = api().createRectangle() as unknown as SceneNode
    made.name = 'New'
    made.setRelaunchData({ again: 'Relight again' })
    frame.appendChild(made)
    const group = api().group([b as never, c as never], api().currentPage)
    group.name = 'Grouped'
    a.setPluginData('mark', 'seen')
    a.setRelaunchData({ edit: 'Edit' })
    a.x = 300
    a.opacity = 0.5
    frame.remove()
    api().root.setPluginData('jobs', '{"j":1}')
    api().currentPage.selection = [group]
    expect(documentState()).not.toEqual(before)
    api().commitUndo()

    expect(figma.model.undo()).toBe(true)
    expect(documentState()).toEqual(before)
    expect(made.removed).toBe(true)
    expect(group.removed).toBe(true)
    expect(figma.model.undo()).toBe(false)
  })

  it('keeps separate steps apart, and leaves the designer’s own edits and the viewport alone', () => {
    const a = layer('RECTANGLE', 'A', { x: 0, y: 0, width: 10, height: 10 })
    figma.add(figma.currentPage, a)
    a.setPluginData('mark', 'first')
    api().commitUndo()
    const afterFirst = documentState()
    a.setPluginData('mark', 'second')
    figma.model.asEditor(() => (a.y = 70))
    figma.viewport.scrollAndZoomIntoView([a])
    const viewport = { ...figma.viewport.bounds }
    api().commitUndo()

    figma.model.undo()
    expect(a.getPluginData('mark')).toBe('first')
    expect(a.y).toBe(70)
    expect(figma.viewport.bounds).toEqual(viewport)
    expect(documentState()).toEqual({
      ...afterFirst,
      layers: [{ ...(afterFirst.layers[0] as object), box: [0, 70, 10, 10] }]
    })
  })
})
