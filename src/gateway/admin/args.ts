/** Small argument parsing and output plumbing shared by the admin commands. */

export interface CommandIo {
  /** The environment the command reads its configuration from (RELIGHT_DATA_DIR, RELIGHT_DAILY_QUOTA…). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Results: the new token, the table, JSON. */
  readonly out: (line: string) => void
  /** Messages for the admin. */
  readonly err: (line: string) => void
}

export function processIo(): CommandIo {
  return {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`)
  }
}

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export interface Parsed {
  readonly positional: string[]
  readonly options: ReadonlyMap<string, string>
  readonly flags: ReadonlySet<string>
}

/** `--name alice`, `--name=alice`, and bare flags from `booleans`; anything else unknown is an error. */
export function parseArgs(
  args: readonly string[],
  valued: readonly string[],
  booleans: readonly string[]
): Parsed {
  const positional: string[] = []
  const options = new Map<string, string>()
  const flags = new Set<string>()
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
    if (booleans.includes(name) && inline === undefined) flags.add(name)
    else if (valued.includes(name)) {
      const value = inline ?? args[++i]
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`)
      options.set(name, value)
    } else throw new UsageError(`Unknown option --${name}.`)
  }
  return { positional, options, flags }
}

/** A fixed-width text table, columns padded to their widest cell. */
export function table(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)))
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd()
  )
}

/** "2026-11-22T02:03:04.567Z" → "2026-11-22 02:03Z". */
export function shortTime(iso: string | null): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z` : '-'
}
