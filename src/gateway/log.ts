/**
 * The gateway's structured logger. Authorization values never reach a log line; prompts only with
 * RELIGHT_LOG_PROMPTS=1.
 */
import { type Logger, pino } from 'pino'

import type { LogLevel } from './env.js'
import { PROMPT_LOG_PATHS } from './jobs/log-privacy.js'

export type { Logger } from 'pino'

const AUTH_PATHS = ['authorization', '*.authorization', 'headers.authorization', '*.headers.authorization']

export function createLogger(
  level: LogLevel,
  options: { readonly logPrompts?: boolean; readonly destination?: NodeJS.WritableStream } = {}
): Logger {
  const paths = options.logPrompts ? AUTH_PATHS : [...AUTH_PATHS, ...PROMPT_LOG_PATHS]
  const settings = { level, base: { service: 'relight-gateway' }, redact: { paths, censor: '[redacted]' } }
  return options.destination ? pino(settings, options.destination) : pino(settings)
}
