/** Checks, before any relighting, that the result can be written where `--out` says. */
import { constants } from 'node:fs'
import { access, stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

/** Why `out` cannot be written, in a few words; undefined when it can. */
export async function outputProblem(out: string): Promise<string | undefined> {
  const dir = dirname(resolve(out))
  try {
    if (!(await stat(dir)).isDirectory()) return 'no such directory'
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'no such directory'
    return (error as Error).message
  }
  try {
    await access(dir, constants.W_OK)
  } catch {
    return 'permission denied'
  }
  const existing = await stat(out).catch(() => undefined)
  if (existing?.isDirectory()) return 'it is a directory'
  return undefined
}
