/** The admin commands: tokens create/list/revoke and audit, in-process and once through bin/relight-gateway.js. */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'

import { afterAll, describe, expect, it } from 'vitest'

import { auditCommand, parseSince } from '../../src/gateway/admin/audit-command.js'
import { tokensCommand } from '../../src/gateway/admin/tokens-command.js'
import type { AuditEntry } from '../../src/gateway/auth/audit.js'
import { fixture, STUDIO } from '../gateway/helpers.js'
import { form, removeTempDirs, startSecureGateway, tempDataDir } from './helpers.js'

afterAll(removeTempDirs)

function io(dataDir: string, env: Record<string, string> = {}) {
  const out: string[] = []
  const err: string[] = []
  return {
    out,
    err,
    io: {
      env: { RELIGHT_DATA_DIR: dataDir, ...env },
      out: (l: string) => out.push(l),
      err: (l: string) => err.push(l)
    }
  }
}

describe('tokens command', () => {
  it('create prints a high-entropy rlt_ token once, on stdout alone, and stores only its SHA-256', async () => {
    const dir = tempDataDir()
    const run = io(dir)
    expect(await tokensCommand(['create', '--name', 'alice', '--quota', '200/day'], run.io)).toBe(0)
    expect(run.out).toHaveLength(1)
    const token = run.out[0]!
    expect(token).toMatch(/^rlt_[A-Za-z0-9_-]{43}$/)
    expect(run.err.join('\n')).toMatch(
      /Created token "alice" \(tok_[0-9a-f]{12}\), quota 200\/day[\s\S]*only this once/
    )
    const file = readFileSync(join(dir, 'auth.sqlite'))
    expect(file.toString('latin1')).not.toContain(token)
    expect(file.toString('latin1')).toContain(createHash('sha256').update(token).digest('hex'))
    const list = io(dir)
    expect(await tokensCommand(['list'], list.io)).toBe(0)
    expect(list.out.join('\n')).not.toContain(token)
    expect(list.out[1]).toMatch(/^alice\s+tok_\w+\s+200\/day\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+-\s+active$/)
  })

  it('refuses a duplicate active name, a bad quota and a missing name, with exit codes 1 and 2', async () => {
    const dir = tempDataDir()
    expect(await tokensCommand(['create', '--name=bob'], io(dir).io)).toBe(0)
    const dup = io(dir)
    expect(await tokensCommand(['create', '--name', 'bob'], dup.io)).toBe(1)
    expect(dup.err[0]).toMatch(/already exists/)
    const quota = io(dir)
    expect(await tokensCommand(['create', '--name', 'carol', '--quota', 'lots'], quota.io)).toBe(2)
    expect(quota.err[0]).toMatch(/--quota must be images a day/)
    expect(await tokensCommand(['create'], io(dir).io)).toBe(2)
    expect(await tokensCommand(['explode'], io(dir).io)).toBe(2)
  })

  it('revoke by name or by id; list --json shows revokedAt and never a secret', async () => {
    const dir = tempDataDir()
    const made = io(dir)
    await tokensCommand(['create', '--name', 'dave'], made.io)
    await tokensCommand(['create', '--name', 'erin', '--quota', 'unlimited'], made.io)
    expect(await tokensCommand(['revoke', 'dave'], io(dir).io)).toBe(0)
    const listed = io(dir)
    await tokensCommand(['list', '--json'], listed.io)
    const tokens = JSON.parse(listed.out.join('\n')) as {
      id: string
      name: string
      revokedAt: string | null
      dailyQuota: number | null
    }[]
    expect(tokens.map((t) => [t.name, t.revokedAt !== null, t.dailyQuota])).toEqual([
      ['dave', true, null],
      ['erin', false, -1]
    ])
    expect(await tokensCommand(['revoke', tokens[1]!.id], io(dir).io)).toBe(0)
    const missing = io(dir)
    expect(await tokensCommand(['revoke', 'nobody'], missing.io)).toBe(1)
    expect(missing.err[0]).toMatch(/No active token "nobody"/)
    expect(listed.out.join('\n')).not.toMatch(/rlt_/)
  })
})

describe('audit command', () => {
  it('prints who relit what, with model, images, steps, light and output, filtered by --name and --since', async () => {
    const gw = await startSecureGateway()
    try {
      const submit = (token: string, params: object) =>
        gw.call('/v1/relight', { method: 'POST', body: form(params, fixture('coffee.png')), token })
      expect(
        (await submit(gw.tokens.alice!, { ...STUDIO, numImages: 2, lightSource: 'left', output: 'cutout' }))
          .status
      ).toBe(202)
      expect((await submit(gw.tokens.bob!, STUDIO)).status).toBe(202)
      const json = io(gw.dataDir)
      const until = Date.now() + 5000
      let entries: AuditEntry[] = []
      while (entries.length < 4 && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        json.out.length = 0
        await auditCommand(['--json'], json.io)
        entries = JSON.parse(json.out.join('\n')) as AuditEntry[]
      }
      const alices = entries.filter((e) => e.tokenName === 'alice')
      expect(alices.map((e) => e.outcome)).toEqual(['accepted', 'succeeded'])
      expect(alices[0]).toMatchObject({
        model: 'local/studio',
        numImages: 2,
        lightSource: 'left',
        output: 'cutout',
        event: 'submit'
      })
      const text = io(gw.dataDir)
      expect(await auditCommand(['--name', 'bob', '--since', '1h'], text.io)).toBe(0)
      expect(text.out[0]).toMatch(/^WHEN\s+WHO\s+OUTCOME\s+JOB\s+MODEL\s+IMAGES\s+STEPS\s+LIGHT\s+OUTPUT$/)
      for (const line of text.out.slice(1)) expect(line).toMatch(/^\S+\s+bob\s+/)
      const later = io(gw.dataDir)
      await auditCommand(['--since', new Date(Date.now() + 60_000).toISOString()], later.io)
      expect(later.err).toEqual(['No audit entries match.'])
    } finally {
      await gw.dispose()
    }
  })

  it('reads --since as 7d, 24h, 30m or a date, and refuses anything else', () => {
    const now = new Date('2026-11-22T12:00:00Z')
    expect(parseSince('7d', now)).toBe('2026-11-15T12:00:00.000Z')
    expect(parseSince('24h', now)).toBe('2026-11-21T12:00:00.000Z')
    expect(parseSince('30m', now)).toBe('2026-11-22T11:30:00.000Z')
    expect(parseSince('2026-11-01', now)).toBe('2026-11-01T00:00:00.000Z')
    expect(() => parseSince('last week', now)).toThrow(/--since must be like 7d/)
  })
})

describe('bin/relight-gateway.js as a child process', () => {
  const run = promisify(execFile)
  const bin = join(import.meta.dirname, '../../bin/relight-gateway.js')

  it('creates and lists tokens and prints the audit; refuses HOST=0.0.0.0 without tokens in one line', async () => {
    const empty = tempDataDir()
    const refused = await run(process.execPath, [bin], {
      env: { ...process.env, RELIGHT_DATA_DIR: empty, HOST: '0.0.0.0', PORT: '0' }
    }).catch((e: { code: number; stderr: string }) => e)
    expect('code' in refused && refused.code).toBe(1)
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^relight-gateway: HOST=0\.0\.0\.0 .*tokens create/)
    ])

    const env = { ...process.env, RELIGHT_DATA_DIR: tempDataDir() }
    const created = await run(
      process.execPath,
      [bin, 'tokens', 'create', '--name', 'frank', '--quota', '50/day'],
      { env }
    )
    expect(created.stdout.trim()).toMatch(/^rlt_[A-Za-z0-9_-]{43}$/)
    const listed = await run(process.execPath, [bin, 'tokens', 'list'], { env })
    expect(listed.stdout).toMatch(/frank\s+tok_\w+\s+50\/day/)
    const audit = await run(process.execPath, [bin, 'audit', '--json'], { env })
    expect(JSON.parse(audit.stdout)).toEqual([])
  })
})
