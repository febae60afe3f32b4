import { Button, Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { pluralize } from '@create-figma-plugin/utilities'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import type { JobView, ModelView } from '../../src/protocol/api.js'
import { LIGHT_SOURCE_LABELS } from '../../src/protocol/options.js'
import type { History } from '../hooks/use-history.js'
import { ErrorBanner } from './error-banner.js'

export interface HistoryActions {
  /** Place the job's results on the canvas again. */
  readonly onReinsert: (job: JobView) => void
  /** Put its settings in the form and relight the selection with them. */
  readonly onRerun: (job: JobView) => void
  /** Put its settings in the form, to change something first. */
  readonly onCopy: (job: JobView) => void
  /**
   * Erase the job and its images from the gateway. Absent while the gateway client cannot delete a job:
   * the button appears as soon as this is passed.
   */
  readonly onErase?: (job: JobView) => void
  /** Why Re-run cannot start now (no selection…), shown with the button. */
  readonly rerunBlocker?: string
  readonly busy: boolean
}

function when(iso: string): string {
  const date = new Date(iso)
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' })
}

/** The designer's recent relights from the gateway, newest first: thumbnail, prompt, model, actions. */
export function HistoryView({
  history,
  models,
  actions
}: {
  readonly history: History
  readonly models: readonly ModelView[]
  readonly actions: HistoryActions
}) {
  const label = (id: string) => models.find((model) => model.id === id)?.label ?? id
  // Erasing can't be undone: the first press asks, the second erases.
  const [confirming, setConfirming] = useState<string | undefined>(undefined)
  if (history.error !== undefined) return <ErrorBanner message={history.error} />
  if (history.entries.length === 0) {
    return (
      <Text>
        <Muted>{history.loading ? 'Loading your relights…' : 'No relights yet on this gateway.'}</Muted>
      </Text>
    )
  }
  return (
    <section aria-label="History">
      <ul style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 12 }}>
        {history.entries.map(({ job, thumbnail }) => {
          const title = job.params.prompt
          return (
            <li
              key={job.id}
              aria-label={title}
              style={{ display: 'grid', gridTemplateColumns: '72px 1fr', gap: 8, alignItems: 'start' }}
            >
              <div
                style={{
                  width: 72,
                  height: 72,
                  borderRadius: 6,
                  border: '1px solid var(--figma-color-border)',
                  background: 'var(--figma-color-bg-secondary)'
                }}
              >
                {thumbnail !== undefined ? (
                  <img
                    src={thumbnail}
                    alt={`Result of “${title}”`}
                    style={{ width: '100%', height: '100%', objectFit: 'contain' }}
                  />
                ) : null}
              </div>
              <div style={{ minWidth: 0 }}>
                <Text style={{ overflowWrap: 'anywhere' }}>{title}</Text>
                <VerticalSpace space="extraSmall" />
                <Text>
                  <Muted>
                    {label(job.model)} · {LIGHT_SOURCE_LABELS[job.params.lightSource]} · {job.images.length}{' '}
                    {pluralize(job.images.length, 'image')} · {when(job.createdAt)}
                  </Muted>
                </Text>
                <VerticalSpace space="extraSmall" />
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4 }}>
                  <Button secondary disabled={actions.busy} onClick={() => actions.onReinsert(job)}>
                    Re-insert
                  </Button>
                  <Button
                    secondary
                    disabled={actions.busy || actions.rerunBlocker !== undefined}
                    onClick={() => actions.onRerun(job)}
                  >
                    Re-run
                  </Button>
                  <Button secondary onClick={() => actions.onCopy(job)}>
                    Copy settings
                  </Button>
                  {actions.onErase !== undefined ? (
                    <Button
                      secondary
                      danger
                      disabled={actions.busy}
                      onClick={() => {
                        if (confirming !== job.id) return setConfirming(job.id)
                        setConfirming(undefined)
                        actions.onErase?.(job)
                      }}
                    >
                      {confirming === job.id ? 'Erase for good' : 'Erase…'}
                    </Button>
                  ) : null}
                </div>
                {confirming === job.id ? (
                  <Text style={{ marginTop: 4 }}>
                    <Muted>
                      Erases this relight&apos;s images and record from the gateway. Layers already on the
                      canvas stay.
                    </Muted>
                  </Text>
                ) : null}
              </div>
            </li>
          )
        })}
      </ul>
      {actions.rerunBlocker !== undefined ? (
        <Text style={{ marginTop: 8 }}>
          <Muted>Re-run: {actions.rerunBlocker}</Muted>
        </Text>
      ) : null}
    </section>
  )
}
