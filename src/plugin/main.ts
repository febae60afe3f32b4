import { emit, on, showUI } from '@create-figma-plugin/utilities'

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
import { savePluginSettingsAsync } from './save-plugin-settings-async.js'
import { showInsertedLayers } from './show-inserted-layers.js'
import { forgetStartedJobs, readStartedJobs, rememberStartedJob } from './started-jobs.js'

export const WINDOW_SIZE = { width: 320, height: 600 }

export default async function (): Promise<void> {
  if (figma.editorType !== 'figma') {
    figma.closePlugin('Relight works in Figma design files.')
    return
  }

  const settings = await loadPluginSettingsAsync()

  const selection = createSelectionReporter((state) =>
    emit<SelectionChangedHandler>('SELECTION_CHANGED', state)
  )
  on<UiReadyHandler>('UI_READY', () => void selection.readyAsync())
  figma.on('selectionchange', () => void selection.changedAsync())
  figma.on('currentpagechange', () => void selection.changedAsync())

  on<ExportRequestHandler>('EXPORT_REQUEST', async (requestId, layerIds, size) => {
    emit<ExportResultHandler>('EXPORT_RESULT', requestId, await exportLayersAsync(layerIds, size))
  })
  // Layers inserted per run, selected and committed as one undo step together when the run finishes.
  const runs = new Map<string, SceneNode[]>()
  on<InsertRequestHandler>('INSERT_REQUEST', async (requestId, request) => {
    const result = await insertResultsAsync(request)
    if ('nodeIds' in result) {
      forgetStartedJobs([request.params.jobId])
      if (request.runId !== undefined) {
        const nodes = await Promise.all(result.nodeIds.map((id) => figma.getNodeByIdAsync(id)))
        const inserted = nodes.filter((node): node is SceneNode => node !== null && 'visible' in node)
        runs.set(request.runId, [...(runs.get(request.runId) ?? []), ...inserted])
      }
    }
    emit<InsertResultHandler>('INSERT_RESULT', requestId, result)
  })
  on<RunFinishedHandler>('RUN_FINISHED', (runId) => {
    showInsertedLayers(runs.get(runId) ?? [])
    runs.delete(runId)
  })
  on<JobStartedHandler>('JOB_STARTED', (jobId, sourceId) => rememberStartedJob(jobId, sourceId))
  on<ForgetJobsHandler>('FORGET_JOBS', (jobIds) => forgetStartedJobs(jobIds))
  on<SaveSettingsHandler>('SAVE_SETTINGS', (next) => void savePluginSettingsAsync(next))
  on<NotifyHandler>('NOTIFY', (message, options) => void figma.notify(message, { error: options.error }))

  const startedJobs = readStartedJobs()
  const hasStarted = Object.keys(startedJobs).length > 0
  showUI(
    { ...WINDOW_SIZE, title: 'Relight' },
    (hasStarted ? { settings, startedJobs } : { settings }) satisfies InitialProps
  )
}
