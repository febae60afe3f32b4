/**
 * Single-use, short-lived tickets for opening a Live socket. A browser cannot set an Authorization header
 * on a WebSocket, so the plugin trades its bearer token for a ticket over ordinary HTTP (where CORS and
 * the token checks apply) and puts the ticket in the socket's URL. A ticket is random, bound to the caller,
 * valid for seconds and gone once used, so a URL that ends up in a log is worthless.
 */
import { randomBytes } from 'node:crypto'

import type { Caller } from '../auth/caller.js'

export type Redeemed =
  { readonly ok: true; readonly caller: Caller } | { readonly ok: false; readonly message: string }

interface Entry {
  readonly caller: Caller
  readonly expiresAt: number
  used: boolean
}

export class TicketBook {
  readonly #entries = new Map<string, Entry>()

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now
  ) {}

  issue(caller: Caller): { ticket: string; expiresAt: Date } {
    this.#prune()
    const ticket = randomBytes(24).toString('base64url')
    const expiresAt = this.now() + this.ttlMs
    this.#entries.set(ticket, { caller, expiresAt, used: false })
    return { ticket, expiresAt: new Date(expiresAt) }
  }

  redeem(ticket: string | null): Redeemed {
    const entry = ticket ? this.#entries.get(ticket) : undefined
    if (!entry) {
      return {
        ok: false,
        message: 'This Live ticket is not one the gateway issued. Turn Live off and on again.'
      }
    }
    if (entry.used) {
      return { ok: false, message: 'This Live ticket was already used; each connection needs a new one.' }
    }
    if (entry.expiresAt <= this.now()) {
      return {
        ok: false,
        message: 'This Live ticket expired before it was used. Turn Live off and on again.'
      }
    }
    entry.used = true // kept until it expires, so a second use is told apart from a made-up ticket
    return { ok: true, caller: entry.caller }
  }

  #prune(): void {
    const now = this.now()
    for (const [ticket, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(ticket)
  }
}
