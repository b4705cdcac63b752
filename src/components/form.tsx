/**
 * What every form shares: errors by field in the app's own words, the first one brought into view
 * (the save button sits at the bottom of a long form), and a save that turns a refused write into
 * those errors instead of a developer message.
 */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SyncTable } from '../../shared/domain.ts';
import { WriteError } from '../db/write.ts';
import { useI18n } from '../i18n/index.ts';

/** Errors by top-level field (`purpose`, `needs`, `note`…), in the user's words. */
export type FieldErrors = Partial<Record<string, string>>;

export function FieldError({ field, errors }: { field: string; errors: FieldErrors }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <p class="form-error" role="alert" id={`error-${field}`} data-field={field}>
      {message}
    </p>
  );
}

export interface FormState {
  errors: FieldErrors;
  saving: boolean;
  formRef: { current: HTMLFormElement | null };
  /** Runs the save; a write refused for bad input becomes field errors, nothing is written. */
  submit(event: Event, save: () => Promise<void>): Promise<void>;
  /** Shows errors found before writing (a choice the form itself requires). */
  show(errors: FieldErrors): void;
}

export function useForm(table: SyncTable): FormState {
  const { problem } = useI18n();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector('.form-error')?.scrollIntoView({ block: 'center' });
  }, [errors]);
  return {
    errors,
    saving,
    formRef,
    show: setErrors,
    async submit(event, save) {
      event.preventDefault();
      setSaving(true);
      setErrors({});
      try {
        await save();
      } catch (failure) {
        if (!(failure instanceof WriteError) || failure.problems.length === 0) throw failure;
        const found: FieldErrors = {};
        for (const each of failure.problems) {
          const field = /^[A-Za-z]+/.exec(each.field)?.[0] ?? each.field;
          found[field] ??= problem(table, each);
        }
        setErrors(found);
      } finally {
        setSaving(false);
      }
    },
  };
}

/** A row of toggle buttons for a set of values (care tags, duty shifts). */
export function Choices<T extends string>({
  values,
  chosen,
  label,
  onToggle,
  small,
}: {
  values: readonly T[];
  chosen: readonly T[];
  label: (value: T) => ComponentChildren;
  onToggle: (value: T) => void;
  small?: boolean;
}) {
  return (
    <div class="choices">
      {values.map((value) => (
        <button
          key={value}
          type="button"
          class={`choice ${small ? 'small' : ''} ${chosen.includes(value) ? 'chosen' : ''}`}
          aria-pressed={chosen.includes(value)}
          onClick={() => onToggle(value)}
        >
          {label(value)}
        </button>
      ))}
    </div>
  );
}

export function toggled<T>(values: readonly T[], value: T): T[] {
  return values.includes(value) ? values.filter((other) => other !== value) : [...values, value];
}
