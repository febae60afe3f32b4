import { Container, Tabs, VerticalSpace } from '@create-figma-plugin/ui'
import { emit, pluralize } from '@create-figma-plugin/utilities'
import { h } from 'preact'
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks'

import { linearToHex } from '../../src/engine/hex-color.js'
import type { JobView } from '../../src/protocol/api.js'
import type {
  InitialProps,
  ModelChoices,
  NotifyHandler,
  RunFinishedHandler
} from '../../src/protocol/events.js'
import type { MaskMode } from '../../src/protocol/options.js'
import { SEED_MAX } from '../../src/protocol/request.js'
import { useFinishedJobs } from '../hooks/use-finished-jobs.js'
import { useGatewayClient } from '../hooks/use-gateway-client.js'
import { useHistory } from '../hooks/use-history.js'
import { useCompareKey } from '../hooks/use-hold-to-compare.js'
import { type LiveParams, useLive } from '../hooks/use-live.js'
import { useLivePlace } from '../hooks/use-live-place.js'
import { useModels } from '../hooks/use-models.js'
import { isRunning, type StartInput, useRelightJob } from '../hooks/use-relight-job.js'
import { useResultTray } from '../hooks/use-result-tray.js'
import { useSelection } from '../hooks/use-selection.js'
import { useSettings } from '../hooks/use-settings.js'
import { advancedParams } from '../lib/advanced-params.js'
import { buildRelightParams } from '../lib/build-relight-params.js'
import { createRequestId } from '../lib/create-request-id.js'
import { describeError } from '../lib/describe-error.js'
import { gatewayUrlProblem } from '../lib/gateway-url-problem.js'
import { insertFinishedJobsAsync } from '../lib/insert-finished-jobs-async.js'
import { lightControls, lightOptionParams } from '../lib/light-options.js'
import { initImageFrom } from '../lib/live-image.js'
import { liveParams } from '../lib/live-params.js'
import { maskChoices, resolveMaskMode } from '../lib/mask-choices.js'
import { normalizeToken } from '../lib/normalize-token.js'
import { pickModel } from '../lib/pick-model.js'
import { recalledSettingsChange, settingsOfJob } from '../lib/recalled-settings-change.js'
import { relightBlocker } from '../lib/relight-blocker.js'
import { requestInsertAsync } from '../lib/request-insert-async.js'
import { resolveOutput } from '../lib/resolve-output.js'
import { promptChanged, selectionChanged } from '../lib/run-error-cause.js'
import { sceneLightOf } from '../lib/scene-light-of.js'
import { sceneChoiceReasons, sceneOptionParams } from '../lib/scene-options.js'
import { updateModelChoices } from '../lib/update-model-choices.js'
import { ErrorBanner } from './error-banner.js'
import { FinishedJobsBanner } from './finished-jobs-banner.js'
import { HistoryView } from './history-view.js'
import { LiveControls } from './live-controls.js'
import { MatchBackground } from './match-background.js'
import { RelightView } from './relight-view.js'
import { SettingsView } from './settings-view.js'

type Tab = 'Relight' | 'History' | 'Settings'

/** The plugin window: the Relight form and the Settings view, as tabs. */
export function Relight(props: InitialProps) {
  const [settings, update] = useSettings(props.settings)
  const [tab, setTab] = useState<Tab>('Relight')
  const [modelsVersion, setModelsVersion] = useState(0)
  const client = useGatewayClient(settings.gatewayUrl, settings.token)
  // Validate the address first: one Settings refuses is never requested (no models, no jobs from it).
  const urlProblem = gatewayUrlProblem(settings.gatewayUrl)
  const models = useModels(client, modelsVersion, urlProblem === undefined)
  const selection = useSelection()
  const { run, start, cancel, dismissError } = useRelightJob()
  const [startedJobs] = useState(() => props.startedJobs ?? {})
  const finished = useFinishedJobs(client, startedJobs, urlProblem === undefined)
  const tray = useResultTray(client)
  const comparing = useCompareKey()
  const history = useHistory(client, tab === 'History' && urlProblem === undefined)
  const [historyBusy, setHistoryBusy] = useState(false)
  const lastStart = useRef<StartInput | undefined>(undefined)

  // A run's connection error is about the old address or token: clear it once either changes.
  useEffect(() => dismissError(), [settings.gatewayUrl, settings.token, dismissError])
  // A refused prompt's error goes once the prompt is edited; a failed run's once other layers are chosen
  // (not when the run selects its own results). Only the change of prompt or selection triggers the check.
  const errorCause = run.errorCause
  useEffect(() => {
    if (promptChanged(errorCause, settings.prompt)) dismissError()
  }, [settings.prompt])
  useEffect(() => {
    if (selectionChanged(errorCause, selection.layers)) dismissError()
  }, [selection.layers])

  const model = pickModel(models.models, settings.model, models.defaultModel)
  // Cut-out differs from Scene only where a layer has transparency.
  const anyTransparent = selection.layers.some((layer) => layer.hasTransparency)
  const output = resolveOutput(settings.output, anyTransparent)
  const choices: ModelChoices = (model && settings.perModel?.[model.id]) ?? {}
  const masks = model ? maskChoices(model, selection.layers) : []
  const maskMode = resolveMaskMode(choices.maskMode, masks)
  const advanced = model ? advancedParams(model, choices, output) : undefined
  // The live preview is Studio's own render: only Studio's values mean the same thing there.
  const previewLightOptions = model?.provider === 'local' ? lightOptionParams(model, choices) : undefined
  const blocker =
    urlProblem !== undefined
      ? 'Fix the gateway URL in Settings first.'
      : relightBlocker({
          selectionLoaded: selection.loaded,
          layerCount: selection.layers.length,
          model,
          prompt: settings.prompt,
          lightSource: settings.lightSource,
          ...(advanced ? { advancedErrors: advanced.errors } : {})
        })
  const modelId = model?.id
  const updateChoices = useCallback(
    (change: Partial<ModelChoices>) => {
      if (modelId !== undefined) update(updateModelChoices(modelId, change))
    },
    [modelId, update]
  )

  // Unlocked, the seed field shows the seed of the last run, so locking it repeats that result.
  const seedLocked = choices.seedLocked === true
  useEffect(() => {
    if (run.seed !== undefined && modelId !== undefined && !seedLocked) {
      update(updateModelChoices(modelId, { seed: String(run.seed) }))
    }
  }, [run.seed])

  // Match background: a subject selected over a background, lit to match it.
  // On by default when the designer selected both layers; offered, off, when the backdrop was found.
  const [matchChoice, setMatchChoice] = useState<boolean | undefined>(undefined)
  const [sceneAzimuth, setSceneAzimuth] = useState<number | undefined>(undefined)
  const [sceneColor, setSceneColor] = useState<string | undefined>(undefined)
  const scene = selection.scene
  const scenePairKey = scene ? `${scene.subjectId} ${scene.backgroundId} ${scene.chosen}` : ''
  useEffect(() => {
    setMatchChoice(undefined)
    setSceneAzimuth(undefined)
    setSceneColor(undefined)
  }, [scenePairKey])
  const matchOn = matchChoice ?? scene?.chosen === true
  const sceneLight = useMemo(
    () =>
      scene
        ? sceneLightOf(
            scene,
            selection.layers,
            { azimuth: sceneAzimuth, color: sceneColor },
            selection.sceneThumbnail
          )
        : undefined,
    [scene, selection.layers, sceneAzimuth, sceneColor, selection.sceneThumbnail]
  )
  const matching = scene !== undefined && matchOn && model?.acceptsBackground === true
  const sceneReasons = sceneChoiceReasons(model)
  const sceneOptions = useMemo(
    () => sceneOptionParams(model, { azimuth: sceneAzimuth, color: sceneColor }),
    [model, sceneAzimuth, sceneColor]
  )
  // Matching, the preview shows the subject first (not its background), lit as the scene lights it.
  const previewSelection = useMemo(() => {
    if (!matching || scene === undefined) return selection
    const subject = selection.layers.filter((layer) => layer.id === scene.subjectId)
    return { ...selection, layers: [...subject, ...selection.layers.filter((l) => l.id !== scene.subjectId)] }
  }, [matching, scene, selection])
  // Matching, the preview lights the layer as the scene does: from its direction, in its colour.
  const previewOptions =
    previewLightOptions === undefined || !matching || sceneLight === undefined
      ? previewLightOptions
      : {
          ...previewLightOptions,
          ...sceneOptionParams(model, { azimuth: sceneLight.azimuth, color: linearToHex(sceneLight.color) })
        }
  // Selecting a Relight result brings the settings it was made with back into the form, once per selection.
  const recalled = selection.recalled
  useEffect(() => {
    if (recalled !== undefined) update(recalledSettingsChange(recalled))
  }, [recalled?.layerId])

  const longSide = advanced?.longSide
  const autoInsert = settings.autoInsert === true
  const handleRelight = useCallback(() => {
    if (blocker !== undefined || model === undefined || isRunning(run.phase)) return
    if (matching && scene !== undefined) {
      // A mask layer would be one of the pair itself: the subject's own transparency (or auto) is its mask.
      const base = buildRelightParams(settings, model, 'cutout', maskMode === 'image' ? undefined : maskMode)
      void start({
        client,
        model,
        requests: [
          {
            layerId: scene.subjectId,
            params: { ...base, output: 'cutout', options: { ...base.options, ...sceneOptions } }
          }
        ],
        scene: {
          backgroundId: scene.backgroundId,
          // The shadow follows the direction the run was given (none for a model that takes no direction).
          overrides: typeof sceneOptions.azimuth === 'number' ? { azimuth: sceneOptions.azimuth } : {}
        },
        ...(longSide !== undefined ? { size: { ...model.size, defaultLongSide: longSide } } : {})
      })
      return
    }
    const input: StartInput = {
      client,
      model,
      requests: selection.layers.map((layer) => ({
        layerId: layer.id,
        params: buildRelightParams(
          settings,
          model,
          resolveOutput(settings.output, layer.hasTransparency),
          maskMode
        )
      })),
      ...(longSide !== undefined ? { size: { ...model.size, defaultLongSide: longSide } } : {}),
      ...(autoInsert ? {} : { hold: tray.hold })
    }
    lastStart.current = input
    void start(input)
  }, [
    blocker,
    client,
    model,
    run.phase,
    selection.layers,
    settings,
    start,
    maskMode,
    longSide,
    autoInsert,
    tray.hold,
    matching,
    scene,
    sceneAzimuth,
    sceneOptions
  ])

  // Opened with "Relight again" on a result: run once its settings are in the form and Relight can start.
  const [launchPending, setLaunchPending] = useState(props.launch === 'again')
  const recalledInForm = recalled !== undefined && settings.prompt === recalled.prompt
  useEffect(() => {
    if (!launchPending || !recalledInForm || blocker !== undefined || model === undefined) return
    setLaunchPending(false)
    handleRelight()
  }, [launchPending, recalledInForm, blocker, model, handleRelight])

  // History: Copy settings fills the form; Re-run does that, then relights once the form shows them.
  const copyFromHistory = useCallback(
    (job: JobView) => {
      update(recalledSettingsChange(settingsOfJob(job)))
      setTab('Relight')
    },
    [update]
  )
  const [rerun, setRerun] = useState<JobView | undefined>(undefined)
  const rerunReady =
    rerun !== undefined && settings.prompt === rerun.params.prompt && settings.model === rerun.model
  useEffect(() => {
    if (!rerunReady || blocker !== undefined || model === undefined) return
    setRerun(undefined)
    handleRelight()
  }, [rerunReady, blocker, model, handleRelight])
  const reinsertFromHistory = useCallback(
    async (job: JobView) => {
      setHistoryBusy(true)
      const runId = createRequestId()
      const outcome = await insertFinishedJobsAsync(client, [job], {}, (request) =>
        requestInsertAsync({ ...request, runId })
      )
      emit<RunFinishedHandler>('RUN_FINISHED', runId)
      setHistoryBusy(false)
      const count = outcome.placed
      emit<NotifyHandler>(
        'NOTIFY',
        outcome.errors.length > 0
          ? outcome.errors.join(' ')
          : `Placed ${count} ${pluralize(count, 'relit layer')} on the canvas.`,
        { error: outcome.errors.length > 0 }
      )
    },
    [client]
  )

  const eraseFromHistory = useCallback(
    async (job: JobView) => {
      setHistoryBusy(true)
      try {
        await client.deleteJob(job.id)
        emit<NotifyHandler>('NOTIFY', 'Erased the relight from the gateway.', { error: false })
      } catch (reason) {
        emit<NotifyHandler>('NOTIFY', `Relight could not erase it: ${describeError(reason)}`, { error: true })
      } finally {
        setHistoryBusy(false)
        history.reload()
      }
    },
    [client, history]
  )

  // The same layers and settings as the last run, each with a new seed.
  const moreDisabled = isRunning(run.phase)
    ? 'wait for the current run to finish.'
    : lastStart.current === undefined
      ? 'relight once first.'
      : undefined
  const handleMore = useCallback(() => {
    const last = lastStart.current
    if (last === undefined || isRunning(run.phase)) return
    void start({
      ...last,
      // A fresh seed each: a model whose default seed is fixed (Studio's is 0) would otherwise repeat itself.
      requests: last.requests.map((request) => ({
        ...request,
        params: { ...request.params, seed: Math.floor(Math.random() * (SEED_MAX + 1)) }
      }))
    })
  }, [run.phase, start])

  // Live follows one layer: the Studio-lit preview goes to fal as the init image after every render.
  const live = useLive(client.baseUrl, normalizeToken(settings.token) || undefined, urlProblem === undefined)
  const liveLayer = selection.layers.length === 1 ? selection.layers[0] : undefined
  const liveOutput = resolveOutput(settings.output, liveLayer?.hasTransparency ?? false)
  const livePlace = useLivePlace({
    live: live.state,
    layer: liveLayer,
    settings,
    output: liveOutput,
    maskMode,
    models: models.models,
    client,
    start
  })
  const { push } = live
  // As text, so an equal object made anew each render does not re-render the preview.
  const frameParams = JSON.stringify(liveParams(settings, models.models, liveOutput))
  const sendRender = useCallback(
    (canvas: HTMLCanvasElement) => {
      const image = initImageFrom(canvas)
      if (image) push(image, JSON.parse(frameParams) as LiveParams)
    },
    [push, frameParams]
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
      {scene !== undefined ? (
        <div>
          <MatchBackground
            scene={scene}
            available={model?.acceptsBackground === true}
            on={matchOn}
            onToggle={setMatchChoice}
            light={sceneLight}
            azimuth={sceneAzimuth}
            onAzimuth={setSceneAzimuth}
            color={sceneColor}
            onColor={setSceneColor}
            {...sceneReasons}
            disabled={isRunning(run.phase)}
          />
          <VerticalSpace space="medium" />
        </div>
      ) : null}
      <RelightView
        settings={settings}
        update={update}
        selection={previewSelection}
        models={models.models}
        model={model}
        output={output}
        modelsError={urlProblem !== undefined ? `Gateway URL in Settings: ${urlProblem}` : models.error}
        cutoutAvailable={selection.layers.length === 0 || anyTransparent}
        run={run}
        blocker={blocker}
        onRelight={handleRelight}
        onCancel={cancel}
        tray={tray}
        {...(recalled !== undefined ? { recalledFrom: recalled.layerName } : {})}
        comparing={comparing}
        onMore={handleMore}
        {...(moreDisabled !== undefined ? { moreDisabled } : {})}
        live={liveView}
        light={{ controls: lightControls(model, choices), onChange: updateChoices }}
        {...(previewOptions !== undefined ? { previewOptions } : {})}
        mask={{
          choices: masks,
          value: maskMode,
          chosen: choices.maskMode,
          onChange: (mode: MaskMode) => updateChoices({ maskMode: mode })
        }}
        {...(model !== undefined && advanced !== undefined
          ? {
              more: {
                model,
                choices,
                update: updateChoices,
                errors: advanced.errors,
                outputFormat: advanced.outputFormat
              }
            }
          : {})}
      />
      <VerticalSpace space="medium" />
    </Container>
  )
  const historyView = (
    <Container space="medium">
      <VerticalSpace space="medium" />
      <HistoryView
        history={history}
        models={models.models}
        actions={{
          busy: historyBusy || isRunning(run.phase),
          onReinsert: (job) => void reinsertFromHistory(job),
          onRerun: (job) => {
            copyFromHistory(job)
            setRerun(job)
          },
          onCopy: copyFromHistory,
          onErase: (job) => void eraseFromHistory(job),
          ...(selection.layers.length === 0 ? { rerunBlocker: 'select a layer to relight first.' } : {})
        }}
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
          { value: 'History', children: null },
          { value: 'Settings', children: null }
        ]}
      />
      {/* The Relight view's action bar sets this view's scroll padding to its own height (useScrollClearance). */}
      <div style={{ flex: '1 1 auto', minHeight: 0, overflowY: 'auto' }} data-testid="plugin-content">
        {tab === 'Relight' ? relightView : tab === 'History' ? historyView : settingsView}
      </div>
    </div>
  )
}
