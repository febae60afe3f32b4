/**
 * What appendChild / insertChild refuse. Figma's reference lists the errors reparenting can throw
 * (https://developers.figma.com/docs/plugins/api/properties/nodes-appendchild, "Possible error cases"); the
 * messages below are Figma's. plugin-api.d.ts (ChildrenMixin.appendChild): "Reparenting nodes is subject to
 * many restrictions … Below are possible exceptions that can be thrown if the operation is invalid."
 */
interface TreeNode {
  readonly type: string
  readonly parent: TreeNode | null
}

function selfOrAncestor(node: TreeNode | null, type: string): boolean {
  for (let current = node; current !== null; current = current.parent) if (current.type === type) return true
  return false
}

function isAncestor(node: TreeNode, of: TreeNode): boolean {
  for (let current = of.parent; current !== null; current = current.parent) if (current === node) return true
  return false
}

export function checkReparent(parent: TreeNode, child: TreeNode): void {
  const fail = (reason: string): never => {
    throw new Error(`in appendChild: Cannot move node. ${reason}`)
  }
  if (child === parent || isAncestor(child, parent)) fail('Doing so would create a parenting cycle')
  // "New parent is an instance or is inside of an instance"
  if (selfOrAncestor(parent, 'INSTANCE')) fail('New parent is an instance or is inside of an instance')
  // "Node is inside of an instance"
  if (selfOrAncestor(child.parent, 'INSTANCE')) fail('Node is inside of an instance')
  // "Reparenting would create a component inside a component"
  if (child.type === 'COMPONENT' && selfOrAncestor(parent, 'COMPONENT')) {
    fail('Reparenting would create a component inside a component')
  }
  // A component set holds variants only: figma.combineAsVariants takes "only component nodes" and the list of
  // errors goes on with component-set cases; the docs do not spell this one out, so the stricter rule holds.
  if (parent.type === 'COMPONENT_SET' && child.type !== 'COMPONENT') {
    fail('A component set can only contain components (variants)')
  }
}
