/**
 * The actions on a record that moves through steps (an issue, a wish, a project): a row of
 * buttons, each opening its panel, and the panel with the action's own fields, what is wrong and
 * the button that takes the step.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.ts';

/**
 * A step being saved. While `saving`, the action buttons and the panel's confirm button are
 * disabled: a second tap on a slow phone neither takes the step twice nor opens another action's
 * panel, which the first step's end would close under the fingers.
 */
export function useSaving(): { saving: boolean; save: (work: () => Promise<void>) => Promise<void> } {
  const [saving, setSaving] = useState(false);
  const save = async (work: () => Promise<void>) => {
    setSaving(true);
    try {
      await work();
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}

export function ActionButton<Action extends string>({
  action,
  label,
  primary,
  open,
  onToggle,
  disabled = false,
}: {
  action: Action;
  label: string;
  primary: boolean;
  open: Action | null;
  /** While a step is saved (`useSaving`). */
  disabled?: boolean;
  /** Opens this action's panel (null: closes it). */
  onToggle: (action: Action | null) => void;
}) {
  return (
    <button
      type="button"
      class={primary ? 'primary' : 'secondary'}
      data-action={action}
      aria-expanded={open === action}
      disabled={disabled}
      onClick={() => onToggle(open === action ? null : action)}
    >
      {label}
    </button>
  );
}

export function ActionPanel({
  error,
  onConfirm,
  saving = false,
  children,
}: {
  error?: string | null;
  onConfirm: () => Promise<void>;
  /** While the step is saved (`useSaving`): confirmed once. */
  saving?: boolean;
  children: ComponentChildren;
}) {
  const { t } = useI18n();
  return (
    <div class="action-panel" data-testid="action-panel">
      {children}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <button
        type="button"
        class="primary"
        data-testid="confirm-action"
        disabled={saving}
        onClick={() => void onConfirm()}
      >
        {saving ? t('saving') : t('confirm')}
      </button>
    </div>
  );
}
