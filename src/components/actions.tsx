/**
 * The actions on a record that moves through steps (an issue, a wish, a project): a row of
 * buttons, each opening its panel, and the panel with the action's own fields, what is wrong and
 * the button that takes the step.
 */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/index.ts';

export function ActionButton<Action extends string>({
  action,
  label,
  primary,
  open,
  onToggle,
}: {
  action: Action;
  label: string;
  primary: boolean;
  open: Action | null;
  /** Opens this action's panel (null: closes it). */
  onToggle: (action: Action | null) => void;
}) {
  return (
    <button
      type="button"
      class={primary ? 'primary' : 'secondary'}
      data-action={action}
      aria-expanded={open === action}
      onClick={() => onToggle(open === action ? null : action)}
    >
      {label}
    </button>
  );
}

export function ActionPanel({
  error,
  onConfirm,
  children,
}: {
  error?: string | null;
  onConfirm: () => Promise<void>;
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
      <button type="button" class="primary" data-testid="confirm-action" onClick={() => void onConfirm()}>
        {t('confirm')}
      </button>
    </div>
  );
}
