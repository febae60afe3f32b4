/** The dark top bar: tools, the file name, the plugin's run button and the zoom level. */
const svg = (path: string) =>
  `<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path d="${path}"/></svg>`

const TOOLS = [
  ['Main menu', 'M6 8h12v1H6zm0 3.5h12v1H6zM6 15h12v1H6z'],
  ['Move', 'M7 5l10.5 7.2-4.8.9 2.9 5-1.7 1-2.9-5.1-3.2 3.7z'],
  ['Frame', 'M8.5 4v4H4.5v1h4v6h-4v1h4v4h1v-4h6v4h1v-4h4v-1h-4V9h4V8h-4V4h-1v4h-6V4zm1 5h6v6h-6z'],
  ['Rectangle', 'M6 6h12v12H6zm1 1v10h10V7z'],
  ['Pen', 'M12 4l5 9-3 7h-4l-3-7zm0 3.6L8.9 13l1.8 6h2.6l1.8-6zM12 11.5a1 1 0 1 1 0 2 1 1 0 0 1 0-2'],
  ['Text', 'M6 6h12v3h-1V7h-4.5v10H14v1h-4v-1h1.5V7H7v2H6z']
]

export function createToolbar(actions: { onRun: () => void; onFit: () => void }) {
  const element = document.createElement('header')
  element.className = 'toolbar'
  const tools = document.createElement('div')
  tools.className = 'tools'
  TOOLS.forEach(([label, path], i) => {
    const tool = document.createElement('span')
    tool.className = i === 1 ? 'tool active' : 'tool'
    tool.title = label
    tool.innerHTML = svg(path)
    tools.append(tool)
  })
  const title = document.createElement('div')
  title.className = 'file-title'
  title.innerHTML = '<span class="muted">Drafts /</span> Relight playground'
  const right = document.createElement('div')
  right.className = 'toolbar-right'
  const run = document.createElement('button')
  run.className = 'run-plugin'
  run.textContent = 'Run Relight'
  run.title = 'Plugins → Development → Relight'
  run.addEventListener('click', actions.onRun)
  const zoom = document.createElement('button')
  zoom.className = 'zoom'
  zoom.title = 'Zoom to fit (Shift+1)'
  zoom.addEventListener('click', actions.onFit)
  right.append(run, zoom)
  element.append(tools, title, right)
  return {
    element,
    setZoom: (value: number) => (zoom.textContent = `${Math.round(value * 100)}%`),
    setRunning: (value: boolean) => (run.disabled = value)
  }
}
