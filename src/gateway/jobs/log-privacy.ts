/**
 * Prompts stay out of the gateway's log lines unless the admin turns them on (RELIGHT_LOG_PROMPTS=1): a
 * prompt can name an unreleased product or a client. Unexpected errors are logged with their message, and
 * a message may quote the request, so the prompt is cut out of it in every form it could be quoted in.
 */
const HIDDEN = '[prompt]'
const MIN_HIDDEN = 3

export function withoutPrompt(text: string, prompt: string, logPrompts: boolean): string {
  const trimmed = prompt.trim()
  // One or two characters name nothing, and cutting them out everywhere would garble the line.
  if (logPrompts || trimmed.length < MIN_HIDDEN) return text
  const forms = new Set([prompt, trimmed, JSON.stringify(prompt).slice(1, -1), encodeURIComponent(prompt)])
  let out = text
  for (const form of [...forms].filter(Boolean).sort((a, b) => b.length - a.length)) {
    out = out.split(form).join(HIDDEN)
  }
  return out
}

/** Log paths that would carry a prompt; redacted by the logger unless prompts may be logged. */
export const PROMPT_LOG_PATHS: readonly string[] = [
  'prompt',
  '*.prompt',
  'params.prompt',
  '*.params.prompt',
  'job.params.prompt'
]
