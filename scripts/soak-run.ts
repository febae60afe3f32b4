/**
 * `npm run soak`: the single-gateway soak (soak.ts), or with `--instances N` the shared-Redis soak
 * (soak-instances.ts) over N gateway instances.
 */
if (process.argv.includes('--instances')) await import('./soak-instances.js')
else await import('./soak.js')

export {}
