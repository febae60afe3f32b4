import type { LightSource } from '../protocol/options.js'

/** Longest prompt kept in a layer name; longer ones end at a word with "…". */
const PROMPT_CHARS = 24

/** The prompt as it reads in a layer name: one line, no trailing punctuation, at most PROMPT_CHARS. */
export function shortPrompt(prompt: string): string {
  const clean = prompt
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s.,;:!]+$/, '')
  if (clean.length <= PROMPT_CHARS) return clean
  const cut = clean.slice(0, PROMPT_CHARS)
  const space = cut.lastIndexOf(' ')
  return `${(space > PROMPT_CHARS / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!]+$/, '')}…`
}

/** What made a result, for its name: "warm sunset · left"; the light is left out when there was none. */
export function describeRun(prompt: string, lightSource: LightSource): string {
  const words = shortPrompt(prompt) || 'relit'
  return lightSource === 'none' ? words : `${words} · ${lightSource}`
}

/**
 * The number after the highest "<prefix>N" among `names` (prefix "Bottle · warm sunset · left "), so a
 * second run with the same settings does not reuse a name.
 */
export function nextNumber(names: readonly string[], prefix: string): number {
  let highest = 0
  for (const name of names) {
    if (!name.startsWith(prefix)) continue
    const number = Number(name.slice(prefix.length))
    if (Number.isInteger(number) && number > highest) highest = number
  }
  return highest + 1
}
