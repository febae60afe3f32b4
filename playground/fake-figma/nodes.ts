/**
 * The node tree with the parts of Figma's node API a plugin uses. Coordinates follow Figma: a node's
 * relativeTransform (x, y, rotation) is relative to its *containing* parent, which "includes canvas nodes,
 * frame nodes, component nodes, and instance nodes … it is not relative to its direct parent if the parent is a
 * group or a boolean operation" (plugin-api.d.ts, DimensionAndPositionMixin.relativeTransform); groups and
 * boolean operations take their box from their children. width/height are read-only (use resize), fills and
 * effects are frozen on read and copied on write.
 */
export { BaseNode, type ParentLike } from './base-node.js'
export { ChildList, ContainerNode, findAll, FrameNode } from './container-node.js'
export { containingParent, LeafNode, RectangleNode, SceneNode } from './scene-node.js'
export type { Matrix, Rect } from './transform.js'

export type ContainerType =
  'FRAME' | 'GROUP' | 'COMPONENT' | 'COMPONENT_SET' | 'INSTANCE' | 'BOOLEAN_OPERATION'
export type LeafType = 'RECTANGLE' | 'ELLIPSE' | 'TEXT' | 'LINE' | 'VECTOR' | 'SLICE'
export type NodeType = 'DOCUMENT' | 'PAGE' | ContainerType | LeafType
