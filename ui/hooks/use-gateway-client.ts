import { useMemo } from 'preact/hooks'

import { createGatewayClient, type GatewayClient } from '../../src/protocol/client.js'
import { defaultGatewayUrl } from '../lib/default-gateway-url.js'
import { normalizeToken } from '../lib/normalize-token.js'
import { settingsWords } from '../lib/settings-words.js'

export function useGatewayClient(gatewayUrl: string, token: string): GatewayClient {
  return useMemo(
    () =>
      createGatewayClient({
        baseUrl: gatewayUrl.trim() || defaultGatewayUrl(),
        token: normalizeToken(token),
        words: settingsWords
      }),
    [gatewayUrl, token]
  )
}
