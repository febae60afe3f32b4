/** The in-memory store passes the shared `JobStore` contract. */
import { MemoryJobStore } from '../../../src/gateway/jobs/memory-store.js'
import { storeContract } from './store-contract.js'

storeContract('MemoryJobStore', async (retention) => new MemoryJobStore(retention))
