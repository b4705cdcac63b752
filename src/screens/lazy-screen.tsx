/**
 * A screen whose code loads the first time it is opened, so the first load of a grid worker's
 * app carries the home screen and not every screen behind it. The chunks are in the service
 * worker's precache (vite.config.ts), so a screen opens offline like the home does; once loaded,
 * it renders at once on every later visit.
 */
import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { MessageKey } from '../i18n/catalogue.ts';
import { useI18n } from '../i18n/index.ts';

export function lazyScreen<Props extends object>(
  load: () => Promise<ComponentType<Props>>,
  failedMessage: MessageKey = 'screenLoadFailed',
): ComponentType<Props> {
  let loading: Promise<ComponentType<Props>> | undefined;
  let loaded: ComponentType<Props> | undefined;
  return function LazyScreen(props: Props) {
    const { t } = useI18n();
    const [Screen, setScreen] = useState<ComponentType<Props> | undefined>(() => loaded);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded) return;
      loading ??= load();
      loading
        .then((component) => {
          loaded = component;
          setScreen(() => component);
        })
        .catch(() => {
          // A later visit tries again (the chunk may have been missing only while offline).
          loading = undefined;
          setFailed(true);
        });
    }, []);
    if (failed) {
      return (
        <main>
          <p role="alert">{t(failedMessage)}</p>
        </main>
      );
    }
    if (!Screen) return <main class="empty">…</main>;
    return <Screen {...props} />;
  };
}
