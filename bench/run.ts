/**
 * `npm run bench`: benchmarks that print figures and ratios measured in one run, never timed
 * assertions. Needs the seeded template (made here), Debian's PostgreSQL binaries (the server
 * bench starts a cluster of its own) and, for the device bench, Chromium.
 */
import { makeSeededTemplate } from '../tests/helpers/seeded-template.ts';
import { benchDesk } from './desk.ts';
import { benchDevice } from './device.ts';
import { benchServerSync } from './server-sync.ts';

await makeSeededTemplate();
await benchServerSync();
await benchDevice();
await benchDesk();
