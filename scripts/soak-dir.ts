/** A data directory for the soak, removed when the process exits. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function tempDataDirSync(): string {
  const dir = mkdtempSync(join(tmpdir(), 'relight-soak-'))
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
  return dir
}
