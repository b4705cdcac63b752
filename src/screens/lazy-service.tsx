/**
 * The door to the community service screens: their code (and their strings) load the first time
 * one is opened, so the first load of a grid worker's app does not grow with them.
 */
import type { ServicePage } from '../router.ts';
import { lazyScreen } from './lazy-screen.tsx';

export interface ServiceProps {
  page: ServicePage;
  id?: string;
}

export const LazyService = lazyScreen<ServiceProps>(
  () => import('./service.tsx').then((module) => module.ServiceScreens),
  'serviceLoadFailed',
);
