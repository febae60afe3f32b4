import { Container, Tabs, VerticalSpace } from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useCallback, useEffect, useState } from 'preact/hooks'

import type { InitialProps } from '../../src/protocol/events.js'
import { useFinishedJobs } from '../hooks/use-finished-jobs.js'
import { useGatewayClient } from '../hooks/use-gateway-client.js'
import { useLive } from '../hooks/use-live.js'
import { useLivePlace } from '../hooks/use-live-place.js'
import { useModels } from '../hooks/use-models.js'
import { isRunning, useRelightJob } from '../hooks/use-relight-job.js'
import { useSelection } from '../hooks/use-selection.js'
import { useSettings } from '../hooks/use-settings.js'
import { buildRelightParams } from '../lib/build-relight-params.js'
import { gatewayUrlProblem } from '../lib/gateway-url-problem.js'
import { initImageFrom } from '../lib/live-image.js'
import { normalizeToken } from '../lib/normalize-token.js'
import { pickModel } from '../lib/pick-model.js'
import { relightBlocker } from '../lib/relight-blocker.js'
import { resolveOutput } from '../lib/resolve-output.js'
import { ErrorBanner } from './error-banner.js'
import { FinishedJobsBanner } from './finished-jobs-banner.js'
import { LiveControls } from './live-controls.js'
import { RelightView } from './relight-view.js'
import { SettingsView } from './settings-view.js'

type Tab = 'Relight' | 'Settings'

/** The plugin window: the Relight form and the Settings view, as tabs. */
export function Relight(props: InitialProps) {
  const [settings, update] = useSettings(props.settings)
  const [tab, setTab] = useState<Tab>('Relight')
  const [modelsVersion, setModelsVersion] = useState(0)
  const client = useGatewayClient(settings.gatewayUrl, settings.token)
  const models = useModels(client, modelsVersion)
  const selection = useSelection()
  const { run, start, cancel, dismissError } = useRelightJob()
  const [startedJobs] = useState(() => props.startedJobs ?? {})
  const finished = useFinishedJobs(client, startedJobs)

  const urlProblem = gatewayUrlProblem(settings.gatewayUrl)
  // A run's connection error is about the old address or token: clear it once either changes.
  useEffect(() => dismissError(), [settings.gatewayUrl, settings.token, dismissError])

  const model = pickModel(models.models, settings.model, models.defaultModel)
  // Cut-out differs from Scene only where a layer has transparency.
  const anyTransparent = selection.layers.some((layer) => layer.hasTransparency)
  const output = resolveOutput(settings.output, anyTransparent)
  const blocker = relightBlocker({
    selectionLoaded: selection.loaded,
    layerCount: selection.layers.length,
    model,
    prompt: settings.prompt
  })

  // Live follows one layer: the Studio-lit preview goes to fal as the init image after every render.
  const live = useLive(client.baseUrl, normalizeToken(settings.token) || undefined)
  const liveLayer = selection.layers.length === 1 ? selection.layers[0] : undefined
  const livePlace = useLivePlace({
    live: live.state,
    layer: liveLayer,
    settings,
    output: resolveOutput(settings.output, liveLayer?.hasTransparency ?? false),
    models: models.models,
    client,
    start
  })
  const { push } = live
  const prompt = settings.prompt
  const sendRender = useCallback(
    (canvas: HTMLCanvasElement) => {
      const image = initImageFrom(canvas)
      if (image) push(image, { prompt })
    },
    [push, prompt]
  )
  const liveView = {
    ...(live.state.on && live.state.frame ? { frame: live.state.frame } : {}),
    ...(live.state.on && liveLayer ? { onRendered: sendRender } : {}),
    controls: (
      <LiveControls
        live={livePlace.error ? { ...live.state, error: livePlace.error } : live.state}
        onToggle={live.setOn}
        onPlace={livePlace.place}
        onPlaceFrame={livePlace.placeFrame}
        placing={livePlace.placing || isRunning(run.phase)}
        {...(liveLayer ? {} : { blocker: 'Live follows one layer: select just one.' })}
      />
    )
  }

  const handleRelight = useCallback(() => {
    if (blocker !== undefined || model === undefined || isRunning(run.phase)) return
    void start({
      client,
      model,
      requests: selection.layers.map((layer) => ({
        layerId: layer.id,
        params: buildRelightParams(settings, model, resolveOutput(settings.output, layer.hasTransparency))
      }))
    })
  }, [blocker, client, model, run.phase, selection.layers, settings, start])

  const relightView = (
    <Container space="medium">
      <VerticalSpace space="medium" />
      <FinishedJobsBanner finished={finished} />
      {finished.error ? (
        <div>
          <ErrorBanner message={finished.error} />
          <VerticalSpace space="medium" />
        </div>
      ) : null}
      <RelightView
        settings={settings}
        update={update}
        selection={selection}
        models={models.models}
        model={model}
        output={output}
        modelsError={urlProblem !== undefined ? `Gateway URL in Settings: ${urlProblem}` : models.error}
        cutoutAvailable={selection.layers.length === 0 || anyTransparent}
        run={run}
        blocker={blocker}
        onRelight={handleRelight}
        onCancel={cancel}
        live={liveView}
      />
      <VerticalSpace space="medium" />
    </Container>
  )
  const settingsView = (
    <Container space="medium">
      <VerticalSpace space="medium" />
      <SettingsView
        settings={settings}
        update={update}
        client={client}
        onConnected={() => setModelsVersion((version) => version + 1)}
      />
      <VerticalSpace space="medium" />
    </Container>
  )
  // The tabs stay in place; only the view under them scrolls.
  return (
    <div style={{ display: 'flex', flexDirection: 'column', height: '100vh' }}>
      <Tabs
        value={tab}
        onValueChange={(value) => setTab(value as Tab)}
        options={[
          { value: 'Relight', children: null },
          { value: 'Settings', children: null }
        ]}
      />
      <div style={{ flex: '1 1 auto', minHeight: 0, overflowY: 'auto' }} data-testid="plugin-content">
        {tab === 'Relight' ? relightView : settingsView}
      </div>
    </div>
  )
}
