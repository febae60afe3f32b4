import { useEffect } from 'preact/hooks'

/** Ctrl+Enter (Cmd+Enter on a Mac) anywhere in the plugin window. */
export function useSubmitShortcut(onSubmit: () => void): void {
  useEffect(() => {
    function handleKeyDown(event: KeyboardEvent): void {
      if (event.key !== 'Enter' || !(event.metaKey || event.ctrlKey)) return
      event.preventDefault()
      onSubmit()
    }
    window.addEventListener('keydown', handleKeyDown, true)
    return () => window.removeEventListener('keydown', handleKeyDown, true)
  }, [onSubmit])
}
