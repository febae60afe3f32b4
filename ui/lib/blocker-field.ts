import { ADVANCED_LABELS, type AdvancedField } from './advanced-params.js'

/** A form field a blocker asks the designer to fix: its element id and its label. */
export interface BlockerField {
  readonly id: string
  readonly label: string
}

/**
 * The field the blocker is about, for a "Go to" beside it: the first More value to fix, or the empty
 * prompt. Undefined for blockers that no single field fixes (no selection, a model without a key).
 */
export function blockerField(
  blocker: string | undefined,
  prompt: string,
  advancedErrors: Partial<Record<AdvancedField, string>> | undefined
): BlockerField | undefined {
  if (blocker === undefined) return undefined
  const [field] = Object.keys(advancedErrors ?? {}) as AdvancedField[]
  if (field !== undefined && blocker.includes(ADVANCED_LABELS[field])) {
    return { id: `relight-more-${field}`, label: ADVANCED_LABELS[field] }
  }
  if (prompt.trim() === '' && /\bprompt\b/.test(blocker)) return { id: 'relight-prompt', label: 'Prompt' }
  return undefined
}

/**
 * Opens the collapsed section holding the field, focuses it and scrolls it into view; the scrolling view's
 * scroll padding (see useScrollClearance) keeps it clear of the action bar.
 */
export function goToField(id: string): void {
  const field = document.getElementById(id)
  if (field === null) return
  const details = field.closest('details')
  if (details !== null) details.open = true
  field.focus({ preventScroll: true })
  field.scrollIntoView({ block: 'nearest' })
}
