import { render } from 'preact';
import { App } from './app.tsx';
import { openDevice } from './db/device.ts';
import { registerServiceWorker } from './pwa/register.ts';
import { startSyncScheduler } from './sync/scheduler.ts';
import './styles.css';

async function start(): Promise<void> {
  const serviceWorker = registerServiceWorker();
  const device = await openDevice();
  const scheduler = startSyncScheduler();
  // Exposed for end-to-end tests and support: which sync path this browser took.
  Object.assign(window, { gridwork: { device, scheduler, serviceWorker } });
  render(
    <App device={device} scheduler={scheduler} serviceWorker={serviceWorker} />,
    document.getElementById('app') as HTMLElement,
  );
}

void start();
