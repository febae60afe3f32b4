/**
 * Figma's floating plugin window: a title bar with the plugin's name and a close button, and the plugin's
 * iframe below at exactly the size showUI / ui.resize asked for. Drag the title bar to move it.
 */
import type { PluginWindow } from '../fake-figma/ui.js'

export function openPluginWindow(
  container: HTMLElement,
  options: { title: string; width: number; height: number; visible: boolean },
  onClose: () => void,
  onResize: (windowWidth: number) => void
): PluginWindow {
  const win = document.createElement('section')
  win.className = 'plugin-window'
  win.setAttribute('role', 'dialog')
  win.setAttribute('aria-label', options.title)
  const bar = document.createElement('header')
  bar.className = 'plugin-titlebar'
  const title = document.createElement('span')
  title.className = 'plugin-title'
  title.textContent = options.title
  const close = document.createElement('button')
  close.className = 'plugin-close'
  close.setAttribute('aria-label', `Close ${options.title}`)
  close.innerHTML =
    '<svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true"><path d="M4.35 3.65 8 7.29l3.65-3.64.7.7L8.71 8l3.64 3.65-.7.7L8 8.71l-3.65 3.64-.7-.7L7.29 8 3.65 4.35z"/></svg>'
  close.addEventListener('click', onClose)
  bar.append(title, close)
  const body = document.createElement('div')
  body.className = 'plugin-body'
  win.append(bar, body)

  const setSize = (width: number, height: number) => {
    body.style.width = `${width}px`
    body.style.height = `${height}px`
    onResize(width)
  }
  const setVisible = (visible: boolean) => {
    win.hidden = !visible
    onResize(visible ? body.offsetWidth : 0)
  }
  setSize(options.width, options.height)
  container.append(win)
  setVisible(options.visible)

  bar.addEventListener('pointerdown', (start) => {
    if (start.target instanceof HTMLElement && start.target.closest('button') !== null) return
    const left = win.offsetLeft
    const top = win.offsetTop
    const move = (event: PointerEvent) => {
      win.style.left = `${left + event.clientX - start.clientX}px`
      win.style.top = `${top + event.clientY - start.clientY}px`
      win.style.right = 'auto'
    }
    const up = () => {
      window.removeEventListener('pointermove', move)
      window.removeEventListener('pointerup', up)
    }
    window.addEventListener('pointermove', move)
    window.addEventListener('pointerup', up)
  })

  return {
    body,
    setSize,
    setVisible,
    close: () => {
      win.remove()
      onResize(0)
    }
  }
}
