import type { ModelView } from '../../src/protocol/api.js'

/** The unavailable models grouped by their reason (usually one missing provider key each), in catalog order. */
export function unavailableGroups(
  models: readonly ModelView[]
): { readonly reason: string; readonly labels: string[] }[] {
  const groups = new Map<string, string[]>()
  for (const model of models) {
    if (model.available) continue
    const reason = model.unavailableReason ?? 'The gateway cannot use it right now.'
    groups.set(reason, [...(groups.get(reason) ?? []), model.label])
  }
  return [...groups].map(([reason, labels]) => ({ reason, labels }))
}
