import { emit, on } from '@create-figma-plugin/utilities'

import type {
  ExportRequestHandler,
  ExportResultHandler,
  ForgetJobsHandler,
  InitialProps,
  InsertRequestHandler,
  InsertResultHandler,
  JobStartedHandler,
  NotifyHandler,
  RunFinishedHandler,
  SaveSettingsHandler,
  SelectionChangedHandler,
  UiReadyHandler
} from '../protocol/events.js'
import { createSelectionReporter } from './create-selection-reporter.js'
import { exportLayersAsync } from './export-layers-async.js'
import { insertResultsAsync } from './insert-results-async.js'
import { loadPluginSettingsAsync } from './load-plugin-settings-async.js'
import { launchOf } from './relaunch.js'
import { savePluginSettingsAsync } from './save-plugin-settings-async.js'
import { showInsertedLayers } from './show-inserted-layers.js'
import { showUISafely } from './show-ui-safely.js'
import { forgetStartedJobs, readStartedJobs, rememberStartedJob } from './started-jobs.js'

export const WINDOW_SIZE = { width: 320, height: 600 }

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A handler that answers nothing: a failure is shown as a Figma toast instead of vanishing. */
function guarded<A extends unknown[]>(what: string, handler: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    const fail = (error: unknown) =>
      figma.notify(`Relight could not ${what}: ${reasonOf(error)}`, { error: true })
    try {
      const result = handler(...args)
      if (result instanceof Promise) result.catch(fail)
    } catch (error) {
      fail(error)
    }
  }
}

/** The name of a layer for an error message, or its id when it cannot be read. */
async function layerNameAsync(id: string): Promise<string> {
  try {
    const node = await figma.getNodeByIdAsync(id)
    return node === null ? `layer ${id}` : `“${node.name}”`
  } catch {
    return `layer ${id}`
  }
}

export default async function (): Promise<void> {
  if (figma.editorType !== 'figma') {
    figma.closePlugin('Relight works in Figma design files.')
    return
  }

  const settings = await loadPluginSettingsAsync()

  const selection = createSelectionReporter((state) =>
    emit<SelectionChangedHandler>('SELECTION_CHANGED', state)
  )
  on<UiReadyHandler>(
    'UI_READY',
    guarded('read the selection', () => selection.readyAsync())
  )
  figma.on(
    'selectionchange',
    guarded('read the selection', () => selection.changedAsync())
  )
  figma.on(
    'currentpagechange',
    guarded('read the selection', () => selection.changedAsync())
  )

  // Every request gets its answer, success or an error naming the layer: the UI never waits on silence.
  on<ExportRequestHandler>('EXPORT_REQUEST', async (requestId, layerIds, size, options) => {
    let result
    try {
      result = await exportLayersAsync(layerIds, size, options)
    } catch (error) {
      const names = (await Promise.all(layerIds.map(layerNameAsync))).join(', ')
      result = { error: `Figma could not export ${names}: ${reasonOf(error)}` }
    }
    emit<ExportResultHandler>('EXPORT_RESULT', requestId, result)
  })
  // Layers inserted per run, selected and committed as one undo step together when the run finishes.
  const runs = new Map<string, { nodes: SceneNode[]; sources: SceneNode[] }>()
  on<InsertRequestHandler>('INSERT_REQUEST', async (requestId, request) => {
    let result
    try {
      result = await insertResultsAsync(request)
      if ('nodeIds' in result) {
        forgetStartedJobs([request.params.jobId])
        if (request.runId !== undefined) {
          const nodes = await Promise.all(result.nodeIds.map((id) => figma.getNodeByIdAsync(id)))
          const inserted = nodes.filter((node): node is SceneNode => node !== null && 'visible' in node)
          const source = result.sourceId !== undefined ? await figma.getNodeByIdAsync(result.sourceId) : null
          const run = runs.get(request.runId) ?? { nodes: [], sources: [] }
          run.nodes.push(...inserted)
          if (source !== null && 'visible' in source) run.sources.push(source)
          runs.set(request.runId, run)
        }
      }
    } catch (error) {
      const name = await layerNameAsync(request.sourceId)
      result = { error: `Relight could not place the results of ${name}: ${reasonOf(error)}` }
    }
    emit<InsertResultHandler>('INSERT_RESULT', requestId, result)
  })
  on<RunFinishedHandler>(
    'RUN_FINISHED',
    guarded('show the new layers', (runId: string) => {
      const run = runs.get(runId)
      runs.delete(runId)
      showInsertedLayers(run?.nodes ?? [], run?.sources ?? [])
    })
  )
  on<JobStartedHandler>(
    'JOB_STARTED',
    guarded('remember the job', (jobId: string, sourceId: string) => rememberStartedJob(jobId, sourceId))
  )
  on<ForgetJobsHandler>(
    'FORGET_JOBS',
    guarded('forget finished jobs', (jobIds: readonly string[]) => forgetStartedJobs(jobIds))
  )
  on<SaveSettingsHandler>('SAVE_SETTINGS', guarded('save the settings', savePluginSettingsAsync))
  on<NotifyHandler>(
    'NOTIFY',
    guarded('show a message', (message: string, options: { readonly error: boolean }) => {
      figma.notify(message, { error: options.error })
    })
  )

  const startedJobs = readStartedJobs()
  const hasStarted = Object.keys(startedJobs).length > 0
  const launch = launchOf(figma.command)
  showUISafely({ ...WINDOW_SIZE, title: 'Relight' }, {
    settings,
    ...(hasStarted ? { startedJobs } : {}),
    ...(launch !== undefined ? { launch } : {})
  } satisfies InitialProps)
}
