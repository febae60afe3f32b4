import { Button, Muted, Text, VerticalSpace } from '@create-figma-plugin/ui'
import { type ComponentChildren, h } from 'preact'
import { useEffect, useRef, useState } from 'preact/hooks'

import type { ModelView } from '../../src/protocol/api.js'
import type { Settings } from '../../src/protocol/events.js'
import type { Output } from '../../src/protocol/options.js'
import { usePreviewMask } from '../hooks/use-preview-mask.js'
import { isRunning, type RunView } from '../hooks/use-relight-job.js'
import type { ResultTray as Tray } from '../hooks/use-result-tray.js'
import { useScrollClearance } from '../hooks/use-scroll-clearance.js'
import type { SelectionView } from '../hooks/use-selection.js'
import { useSubmitShortcut } from '../hooks/use-submit-shortcut.js'
import { blockerField, goToField } from '../lib/blocker-field.js'
import { ErrorBanner } from './error-banner.js'
import { JobProgress } from './job-progress.js'
import { LayerSummary } from './layer-summary.js'
import { PreviewCanvas } from './preview-canvas.js'
import { PreviewStepper } from './preview-stepper.js'
import { RelightForm, type RelightFormProps } from './relight-form.js'
import { ResultThumbnails } from './result-thumbnails.js'
import { ResultTray } from './result-tray.js'

export interface RelightViewProps {
  readonly settings: Settings
  readonly update: (change: Partial<Settings>) => void
  readonly selection: SelectionView
  readonly models: readonly ModelView[]
  readonly model: ModelView | undefined
  readonly output: Output
  /** False when no selected layer has transparency (Cut-out would equal Scene). */
  readonly cutoutAvailable: boolean
  readonly modelsError?: string
  readonly run: RunView
  /** Why Relight cannot start right now, or undefined when it can. */
  readonly blocker?: string
  readonly onRelight: () => void
  readonly onCancel: () => void
  readonly mask: RelightFormProps['mask']
  readonly more?: RelightFormProps['more']
  readonly light?: RelightFormProps['light']
  /** Studio options the live preview uses over the catalog defaults. */
  readonly previewOptions?: Readonly<Record<string, number | string>>
  readonly tray: Tray
  /** The name of the selected result whose settings are in the form. */
  readonly recalledFrom?: string
  /** The compare key is held: the preview and thumbnails show the originals. */
  readonly comparing: boolean
  readonly onMore: () => void
  readonly moreDisabled?: string
  /** Live: the frame shown in place of the Studio preview, the hook that sends renders on, its controls. */
  readonly live?: {
    readonly frame?: { readonly id: number; readonly image: string }
    readonly onRendered?: (canvas: HTMLCanvasElement) => void
    readonly controls: ComponentChildren
  }
}

const IS_MAC = typeof navigator !== 'undefined' && /Mac/i.test(navigator.platform)

export function RelightView(props: RelightViewProps) {
  const { settings, update, selection, models, model, output, run, blocker } = props
  const running = isRunning(run.phase)
  // The action bar swaps Relight for Cancel while running: focus follows, instead of falling to the page.
  const actionBar = useRef<HTMLDivElement>(null)
  useEffect(() => {
    const bar = actionBar.current
    const active = document.activeElement
    if (bar === null || (active !== null && active !== document.body && !bar.contains(active))) return
    const target = [...bar.querySelectorAll('button')].find(
      (button) => button.textContent?.trim() === (running ? 'Cancel' : 'Relight')
    )
    target?.focus()
  }, [running])
  useSubmitShortcut(props.onRelight)
  useScrollClearance(actionBar)
  // With several layers selected the preview shows one at a time; a new selection starts at its first.
  const [step, setStep] = useState(0)
  const selectedIds = selection.layers.map((layer) => layer.id).join(',')
  useEffect(() => setStep(0), [selectedIds])
  const shownIndex = Math.min(step, Math.max(selection.layers.length - 1, 0))
  const shown = selection.layers[shownIndex]
  const previewMask = usePreviewMask(shown, props.mask.value)
  const error = run.error ?? props.modelsError
  // With nothing selected the layer summary already asks for a layer: don't say it twice.
  const saysSelect = selection.loaded && selection.layers.length === 0 && selection.message !== undefined
  const hint =
    blocker !== undefined
      ? saysSelect
        ? undefined
        : blocker
      : run.phase === 'idle'
        ? `${IS_MAC ? '⌘' : 'Ctrl'}+Enter`
        : run.statusText
  const fixField = hint === blocker ? blockerField(blocker, settings.prompt, props.more?.errors) : undefined
  return (
    <div>
      <LayerSummary selection={selection} />
      {props.recalledFrom !== undefined ? (
        <Text style={{ marginTop: 4 }}>
          <Muted>
            <span role="status">Settings from “{props.recalledFrom}”</span>
          </Muted>
        </Text>
      ) : null}
      {shown !== undefined && selection.layers.length > 1 ? (
        <div>
          <VerticalSpace space="small" />
          <PreviewStepper
            index={shownIndex}
            count={selection.layers.length}
            name={shown.name}
            onStep={setStep}
          />
        </div>
      ) : null}
      {shown?.pixels ? (
        <div>
          <VerticalSpace space="small" />
          <PreviewCanvas
            image={shown.pixels}
            params={{
              prompt: settings.prompt,
              lightSource: settings.lightSource,
              output,
              ...(props.previewOptions !== undefined ? { options: props.previewOptions } : {})
            }}
            mask={previewMask}
            comparing={props.comparing}
            {...(props.live?.frame ? { liveFrame: props.live.frame } : {})}
            {...(props.live?.onRendered ? { onRendered: props.live.onRendered } : {})}
          />
        </div>
      ) : null}
      {props.live ? (
        <div>
          <VerticalSpace space="small" />
          {props.live.controls}
        </div>
      ) : null}
      <VerticalSpace space="medium" />
      <RelightForm
        settings={settings}
        update={update}
        models={models}
        model={model}
        output={output}
        cutoutAvailable={props.cutoutAvailable}
        disabled={running}
        mask={props.mask}
        {...(props.light !== undefined ? { light: props.light } : {})}
        {...(props.more !== undefined ? { more: props.more } : {})}
      />
      <VerticalSpace space="medium" />
      {/* The action and any error stay in view at the bottom of the window however far the form scrolls. */}
      <div
        ref={actionBar}
        style={{
          position: 'sticky',
          bottom: 0,
          zIndex: 1,
          padding: '8px 0',
          background: 'var(--figma-color-bg)'
        }}
      >
        {error ? (
          <div>
            <ErrorBanner message={error} />
            <VerticalSpace space="small" />
          </div>
        ) : null}
        {running ? (
          <JobProgress
            statusText={run.statusText}
            {...(run.statusAfter && run.statusAt !== undefined
              ? { countdown: { from: run.statusAt, textAfter: run.statusAfter } }
              : {})}
            progress={run.progress}
            onCancel={props.onCancel}
          />
        ) : (
          <div>
            <Button fullWidth disabled={blocker !== undefined} onClick={props.onRelight}>
              Relight
            </Button>
            <VerticalSpace space="extraSmall" />
            {hint ? (
              <Text align="center">
                <Muted>{hint}</Muted>
              </Text>
            ) : null}
            {fixField !== undefined ? (
              <div style={{ textAlign: 'center', marginTop: 4 }}>
                <button
                  type="button"
                  onClick={() => goToField(fixField.id)}
                  style={{
                    padding: 0,
                    border: 'none',
                    background: 'none',
                    color: 'var(--figma-color-text)',
                    font: 'inherit',
                    fontSize: 11,
                    textDecoration: 'underline',
                    cursor: 'pointer'
                  }}
                >
                  Go to {fixField.label}
                </button>
              </div>
            ) : null}
          </div>
        )}
      </div>
      <ResultTray
        tray={props.tray}
        comparing={props.comparing}
        onMore={props.onMore}
        {...(props.moreDisabled !== undefined ? { moreDisabled: props.moreDisabled } : {})}
      />
      {run.results.length > 0 ? (
        <div>
          <VerticalSpace space="small" />
          <ResultThumbnails urls={run.results} />
        </div>
      ) : null}
    </div>
  )
}
