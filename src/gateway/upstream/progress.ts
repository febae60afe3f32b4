/**
 * Progress from model logs. Diffusion runners print tqdm bars (" 45%|████▌     | 9/20 [00:02<00:02]");
 * the last bar in the logs is the current one. IC-Light runs two passes (low-res, then high-res), so the
 * bar restarts; when `passes` is given the result is spread across them.
 */

const PERCENT = /(\d{1,3})%\|/g
const FRACTION = /\|\s*(\d+)\/(\d+)\s*\[/g

function lastMatch(text: string, pattern: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined
  for (const match of text.matchAll(pattern)) last = match as RegExpExecArray
  return last
}

/** The most recent percentage in `logs` as 0..1, or undefined when the logs carry none. */
export function progressFromLogs(logs: string | readonly string[]): number | undefined {
  const text = typeof logs === 'string' ? logs : logs.join('\n')
  const fraction = lastMatch(text, FRACTION)
  const percent = lastMatch(text, PERCENT)
  if (fraction && (!percent || fraction.index > percent.index)) {
    const done = Number(fraction[1])
    const total = Number(fraction[2])
    if (total > 0 && done <= total) return done / total
  }
  if (percent) {
    const value = Number(percent[1])
    if (value <= 100) return value / 100
  }
  return undefined
}

/** Splits a log blob into trimmed non-empty lines, keeping only the last `max` of them. */
export function logLines(logs: string | undefined | null, max = 50): string[] {
  if (!logs) return []
  // tqdm rewrites its bar with carriage returns; keep each line's last state.
  const lines = logs
    .split('\n')
    .map(
      (line) =>
        line
          .split('\r')
          .filter((part) => part.trim())
          .pop() ?? ''
    )
    .map((line) => line.trim())
    .filter(Boolean)
  return lines.slice(-max)
}
