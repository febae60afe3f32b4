/** The gateway's structured logger. Authorization values never reach a log line. */
import { type Logger, pino } from 'pino'

import type { LogLevel } from './env.js'

export type { Logger } from 'pino'

export function createLogger(level: LogLevel): Logger {
  return pino({
    level,
    base: { service: 'relight-gateway' },
    redact: {
      paths: ['authorization', '*.authorization', 'headers.authorization', '*.headers.authorization'],
      censor: '[redacted]'
    }
  })
}
