/** Registers the demo organisation and people (in that order: people look up rooms and units). */
import { registerSeed } from '../registry'
import { seedDemoOrg } from './org'
import { seedDemoPeople } from './people'

registerSeed('demo-org', ({ db }) => seedDemoOrg(db))
registerSeed('demo-people', ({ db }) => seedDemoPeople(db))
