import { Muted, Text } from '@create-figma-plugin/ui'
import { pluralize } from '@create-figma-plugin/utilities'
import { h } from 'preact'

import type { SelectionView } from '../hooks/use-selection.js'

/** Which layers will be relit, or what to select. */
export function LayerSummary({ selection }: { readonly selection: SelectionView }) {
  const { layers, message, loaded } = selection
  const first = layers[0]
  return (
    <div aria-live="polite">
      {!loaded ? (
        <Text>
          <Muted>Reading the selection…</Muted>
        </Text>
      ) : first === undefined ? null : (
        <Text>
          <strong>{layers.length === 1 ? first.name : `${layers.length} layers`}</strong>{' '}
          {layers.length === 1 && first.fromResults ? (
            <span>{fromResultsText(first.fromResults)} </span>
          ) : null}
          <Muted>
            {layers.length === 1
              ? `${Math.round(first.width)} × ${Math.round(first.height)}${first.hasTransparency ? ' · transparent' : ''}`
              : layers
                  .map((layer) =>
                    layer.fromResults ? `${layer.name} ${fromResultsText(layer.fromResults)}` : layer.name
                  )
                  .join(', ')}
          </Muted>
        </Text>
      )}
      {loaded && message ? (
        <div style={{ marginTop: 6 }}>
          <Text
            style={{
              color: first === undefined ? 'var(--figma-color-text)' : 'var(--figma-color-text-warning)'
            }}
          >
            {message}
          </Text>
        </div>
      ) : null}
    </div>
  )
}

/** Relight relights the original of selected results, and says so: "(from the selected relit layers)". */
function fromResultsText(count: number): string {
  return `(from the selected ${pluralize(count, 'relit layer')})`
}
