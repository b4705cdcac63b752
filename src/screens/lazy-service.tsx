/**
 * The door to the community service screens: their code loads the first time one is opened, so
 * the first load of a grid worker's app does not grow with them. The chunk is in the service
 * worker's precache, so it opens offline like every other screen.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.ts';
import type { ServicePage } from '../router.ts';

export interface ServiceProps {
  page: ServicePage;
  id?: string;
}

let loading: Promise<ComponentType<ServiceProps>> | undefined;

export function LazyService(props: ServiceProps) {
  const { t } = useI18n();
  const [Screens, setScreens] = useState<ComponentType<ServiceProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loading ??= import('./service.tsx').then((module) => module.ServiceScreens);
    loading
      .then((component) => setScreens(() => component))
      .catch(() => {
        loading = undefined;
        setFailed(true);
      });
  }, []);
  if (failed) {
    return (
      <main>
        <p role="alert">{t('serviceLoadFailed')}</p>
      </main>
    );
  }
  if (!Screens) return <main class="empty">…</main>;
  return <Screens {...props} />;
}
