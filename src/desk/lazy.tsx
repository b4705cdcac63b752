/**
 * The door to the desk pages from the field app: their code (tables, charts) is loaded only when
 * a supervisor or administrator opens one, so a grid worker's phone never downloads it.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { isSupervising } from '../../shared/domain.ts';
import { useI18n } from '../i18n/index.ts';
import { useApp } from '../session.ts';

export interface DeskProps {
  page: string;
  arg?: string;
  /** The page's filters, as a query string (`notVisitedDays=30&sort=care`). */
  search?: string;
}

let loading: Promise<ComponentType<DeskProps>> | undefined;

/** Supervisors and administrators at a desk (a screen 1024 px wide or more) start on the desk. */
export function prefersDesk(role: Parameters<typeof isSupervising>[0]): boolean {
  return isSupervising(role) && window.matchMedia('(min-width: 1024px)').matches;
}

export function LazyDesk(props: DeskProps) {
  const { t } = useI18n();
  const { user } = useApp();
  const [Desk, setDesk] = useState<ComponentType<DeskProps> | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    loading ??= import('./desk.tsx').then((module) => module.Desk);
    loading
      .then((component) => setDesk(() => component))
      .catch(() => {
        loading = undefined;
        setFailed(true);
      });
  }, []);
  if (!isSupervising(user.role)) {
    return (
      <main>
        <p role="alert">{t('deskNotForYou')}</p>
      </main>
    );
  }
  if (failed) {
    return (
      <main>
        <p role="alert">{t('deskLoadFailed')}</p>
      </main>
    );
  }
  if (!Desk) {
    return (
      <main>
        <p>{t('deskLoading')}</p>
      </main>
    );
  }
  return <Desk {...props} />;
}
