import { Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { pluralize } from '@create-figma-plugin/utilities'
import { h } from 'preact'

import type { ModelView } from '../../src/protocol/api.js'
import { unavailableGroups } from '../lib/unavailable-groups.js'

/**
 * Under the Model dropdown, in full (the dropdown's options are too narrow): why the designer's chosen model
 * can't be used, and, folded, why the other unavailable models can't.
 */
export function ModelNotes({
  models,
  wanted,
  model
}: {
  readonly models: readonly ModelView[]
  readonly wanted: string
  readonly model: ModelView | undefined
}) {
  const chosen = models.find((entry) => entry.id === wanted)
  const chosenProblem =
    chosen !== undefined && !chosen.available
      ? `${chosen.label} can't be used: ${chosen.unavailableReason ?? 'the gateway has no key for it.'}` +
        (model !== undefined && model.available && model.id !== chosen.id ? ` Using ${model.label}.` : '')
      : undefined
  const groups = unavailableGroups(models.filter((entry) => entry.id !== chosen?.id || entry.available))
  const count = groups.reduce((sum, group) => sum + group.labels.length, 0)
  if (chosenProblem === undefined && count === 0) return null
  return (
    <div>
      <VerticalSpace space="extraSmall" />
      {chosenProblem !== undefined ? (
        <Text style={{ color: 'var(--figma-color-text-warning)' }}>{chosenProblem}</Text>
      ) : null}
      {count > 0 ? (
        <details>
          <summary style={{ cursor: 'pointer', color: 'var(--figma-color-text-secondary)' }}>
            Why {count} {pluralize(count, 'model is', 'models are')} unavailable
          </summary>
          {groups.map((group) => (
            <div key={group.reason} style={{ marginTop: 4 }}>
              <Text>
                <Muted>
                  {group.labels.join(', ')}: {group.reason}
                </Muted>
              </Text>
            </div>
          ))}
        </details>
      ) : null}
    </div>
  )
}
