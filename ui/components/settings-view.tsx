import {
  Banner,
  Button,
  Checkbox,
  IconCheckCircle32,
  IconWarning32,
  Muted,
  Text,
  Textbox,
  VerticalSpace
} from '@create-figma-plugin/ui'
import { h } from 'preact'
import { useState } from 'preact/hooks'

import type { GatewayClient } from '../../src/protocol/client.js'
import type { Settings } from '../../src/protocol/events.js'
import { defaultGatewayUrl } from '../lib/default-gateway-url.js'
import { gatewayUrlProblem } from '../lib/gateway-url-problem.js'
import { normalizeToken } from '../lib/normalize-token.js'
import { type ConnectionReport, testConnectionAsync } from '../lib/test-connection-async.js'
import { Field } from './field.js'

/** Gateway URL and token, with "Test connection" that says exactly what is wrong. */
export function SettingsView({
  settings,
  update,
  client,
  onConnected
}: {
  readonly settings: Settings
  readonly update: (change: Partial<Settings>) => void
  readonly client: GatewayClient
  readonly onConnected: () => void
}) {
  const [testing, setTesting] = useState(false)
  const [report, setReport] = useState<ConnectionReport | null>(null)
  const urlProblem = gatewayUrlProblem(settings.gatewayUrl)

  async function handleTest(): Promise<void> {
    if (urlProblem !== undefined) {
      setReport({ ok: false, message: urlProblem })
      return
    }
    setTesting(true)
    setReport(null)
    const result = await testConnectionAsync(client)
    setTesting(false)
    setReport(result)
    if (result.ok) onConnected()
  }

  return (
    <div>
      <Field label="Gateway URL" htmlFor="relight-gateway-url">
        <Textbox
          id="relight-gateway-url"
          aria-label="Gateway URL"
          variant="border"
          placeholder={defaultGatewayUrl()}
          value={settings.gatewayUrl}
          aria-invalid={urlProblem !== undefined}
          aria-describedby="relight-gateway-url-help"
          onValueInput={(gatewayUrl) => {
            setReport(null)
            update({ gatewayUrl })
          }}
        />
      </Field>
      <VerticalSpace space="extraSmall" />
      <div id="relight-gateway-url-help">
        {urlProblem !== undefined ? (
          <Text style={{ color: 'var(--figma-color-text-danger)' }}>
            <span role="alert">{urlProblem}</span>
          </Text>
        ) : (
          <Text>
            <Muted>Leave empty to use {defaultGatewayUrl()}, the gateway this plugin was built for.</Muted>
          </Text>
        )}
      </div>
      <VerticalSpace space="medium" />
      <Field label="Token" htmlFor="relight-token">
        <Textbox
          id="relight-token"
          aria-label="Token"
          variant="border"
          password
          placeholder="Paste the token your admin gave you"
          value={settings.token}
          onValueInput={(token) => {
            setReport(null)
            // A pasted "Bearer rlt_…" (from a curl line or a header) is the token after the prefix.
            update({ token: /^\s*bearer\s+\S/i.test(token) ? normalizeToken(token) : token })
          }}
        />
      </Field>
      <VerticalSpace space="extraSmall" />
      <Text>
        <Muted>
          Kept in Figma's storage on this computer only. Leave empty if your gateway needs no token.
        </Muted>
      </Text>
      <VerticalSpace space="medium" />
      <Checkbox value={settings.autoInsert === true} onValueChange={(autoInsert) => update({ autoInsert })}>
        <Text>Auto-insert results</Text>
      </Checkbox>
      <VerticalSpace space="extraSmall" />
      <Text>
        <Muted>
          For batch work: every result goes on the canvas as it arrives, instead of waiting for you to pick.
        </Muted>
      </Text>
      <VerticalSpace space="medium" />
      <Button secondary fullWidth loading={testing} onClick={() => void handleTest()}>
        Test connection
      </Button>
      {report ? (
        <div role="status">
          <VerticalSpace space="small" />
          <Banner
            icon={report.ok ? <IconCheckCircle32 /> : <IconWarning32 />}
            variant={report.ok ? 'success' : 'warning'}
          >
            {report.message}
          </Banner>
        </div>
      ) : null}
    </div>
  )
}
