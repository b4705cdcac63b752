import { makeSeededTemplate } from '../tests/helpers/seeded-template.ts';
import { benchDesk } from './desk.ts';
await makeSeededTemplate();
await benchDesk();
