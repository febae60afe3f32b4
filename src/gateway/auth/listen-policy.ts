/** Where the gateway may listen without tokens: loopback only, so a gateway others can reach needs tokens. */
import { ConfigError, type GatewayConfig } from '../env.js'
import { isLoopback } from '../loopback.js'
import { withTokenStorage } from './token-store.js'

/** Whether every `/v1` call needs a token even while none exists: off loopback, or RELIGHT_AUTH=required. */
export function tokensRequired(config: Pick<GatewayConfig, 'host' | 'authRequired'>): boolean {
  return config.authRequired || !isLoopback(config.host)
}

/** Throws the one line `serve` prints when tokens are required but no active one exists. */
export function assertCanListen(
  config: Pick<GatewayConfig, 'host' | 'authRequired'>,
  activeTokens: number
): void {
  if (!tokensRequired(config) || activeTokens > 0) return
  const create = 'create one first (npx relight-gateway tokens create --name <name>)'
  throw new ConfigError(
    isLoopback(config.host)
      ? `RELIGHT_AUTH=required but no gateway token exists; ${create}.`
      : `HOST=${config.host} is reachable from other machines but no gateway token exists; ${create} or set HOST=127.0.0.1.`
  )
}

/** Active tokens where the gateway keeps them: the shared Redis with REDIS_URL, else auth.sqlite (0 before it exists). */
export async function activeTokenCount(
  config: Pick<GatewayConfig, 'dataDir' | 'redisUrl' | 'redisPrefix'>
): Promise<number> {
  return (await withTokenStorage(config, false, (tokens) => tokens.activeCount())) ?? 0
}
