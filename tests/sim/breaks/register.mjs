// Loaded into the server process (node --import) only for a simulation run that breaks the server
// on purpose (SIM_BREAK), to show the simulation notices: it patches the named module's source.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
