/**
 * figma.notify: a toast at the bottom of the canvas, one at a time in order, 3 s by default (Infinity keeps
 * it up), red for errors, with an optional action button; onDequeue says why it went away.
 */
import type { NotifyOptions, Toasts } from './figma.js'

interface Pending {
  message: string
  options: NotifyOptions
  cancelled: boolean
  dismiss?: (reason: 'timeout' | 'dismiss' | 'action_button_click') => void
}

export class Toaster implements Toasts {
  private readonly queue: Pending[] = []
  private showing: Pending | null = null

  constructor(private readonly container: HTMLElement) {}

  notify(message: string, options: NotifyOptions = {}): { cancel: () => void } {
    if (typeof message !== 'string') throw new Error('in notify: Expected message to be a string')
    const pending: Pending = { message, options, cancelled: false }
    this.queue.push(pending)
    this.next()
    return {
      cancel: () => {
        pending.cancelled = true
        pending.dismiss?.('dismiss')
      }
    }
  }

  private next(): void {
    if (this.showing !== null) return
    const pending = this.queue.shift()
    if (pending === undefined) return
    if (pending.cancelled) return this.next()
    this.showing = pending
    const toast = document.createElement('div')
    toast.className = pending.options.error === true ? 'toast toast-error' : 'toast'
    toast.setAttribute('role', pending.options.error === true ? 'alert' : 'status')
    const text = document.createElement('span')
    text.textContent = pending.message
    toast.append(text)
    let timer: ReturnType<typeof setTimeout> | undefined
    const dismiss = (reason: 'timeout' | 'dismiss' | 'action_button_click') => {
      if (this.showing !== pending) return
      clearTimeout(timer)
      toast.remove()
      this.showing = null
      pending.options.onDequeue?.(reason)
      this.next()
    }
    pending.dismiss = dismiss
    const { button } = pending.options
    if (button !== undefined) {
      const action = document.createElement('button')
      action.textContent = button.text
      action.addEventListener('click', () => {
        if (button.action() !== false) dismiss('action_button_click')
      })
      toast.append(action)
    }
    this.container.append(toast)
    const timeout = pending.options.timeout ?? 3000
    if (Number.isFinite(timeout)) timer = setTimeout(() => dismiss('timeout'), timeout)
  }
}
