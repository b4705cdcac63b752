/** This phone's settings: when a household counts as due, the language, and how storage stands. */
import { useEffect, useState } from 'preact/hooks';
import { getPreference, putPreference } from '../db/device.ts';
import { DEFAULT_DUE_DAYS } from '../db/round.ts';
import { useI18n } from '../i18n/index.ts';
import { href } from '../router.ts';

export function Settings() {
  const { t } = useI18n();
  const [days, setDays] = useState(DEFAULT_DUE_DAYS);
  useEffect(() => {
    void getPreference('dueDays').then((stored) => stored && setDays(stored));
  }, []);
  return (
    <main>
      <a class="back" href={href({ name: 'home' })}>
        ‹ {t('back')}
      </a>
      <h1>{t('settings')}</h1>
      <label>
        {t('dueAfterDays')}
        <input
          name="dueDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={365}
          value={days}
          onChange={(e) => {
            const value = Math.min(365, Math.max(1, Number(e.currentTarget.value) || DEFAULT_DUE_DAYS));
            setDays(value);
            void putPreference('dueDays', value);
          }}
        />
      </label>
    </main>
  );
}
