/** The i18n layer: t(key, params) in the chosen language, zh-CN by default. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SyncTable } from '../../shared/domain.ts';
import type { Reason } from '../../shared/refusals.ts';
import { tableOf } from '../../shared/tables/index.ts';
import { checkContent, type FieldProblem } from '../../shared/tables/problems.ts';
import { en, type MessageKey, zh } from './catalogue.ts';
import { enProblems, enRefusals, type RefusalCode, zhProblems, zhRefusals } from './refusals.ts';
import { enFields, enTerms, FIELD_VOCABULARY, type Vocabularies, type Vocabulary, zhFields, zhTerms } from './terms.ts';

export type Language = 'zh-CN' | 'en';

export interface Translator {
  language: Language;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The name of a domain value in its vocabulary (a visit purpose, a care tag, an issue status…). */
  term<V extends Vocabulary>(vocabulary: V, value: keyof Vocabularies[V] & string): string;
  /** The name of a record field, as the user knows it: `note` of a visit is 情况记录. */
  fieldName(table: SyncTable, field: string): string;
  /** A field's value in words: domain values by their names, lists joined, nothing as —. */
  fieldValue(table: SyncTable, field: string, value: unknown): string;
  /** What is wrong with a field, in a sentence naming it: 情况记录最多 2000 字. */
  problem(table: SyncTable, problem: FieldProblem): string;
  /**
   * Why the server refused a change to a record, in words a field worker understands. With the
   * record as the device holds it, a bad field is checked again here to say exactly what is wrong.
   */
  refusal(reason: Reason, table: SyncTable, record?: Record<string, unknown>): string;
  formatDate(value: string | number | Date, withTime?: boolean): string;
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The record field a refusal blames: `fields.note` and `mutations[3].fields.needs[0].text` both give `note`/`needs`. */
function blamedField(field: string | undefined): string | undefined {
  const match = /(?:^|\.)fields\.([A-Za-z]+)/.exec(field ?? '');
  return match?.[1];
}

export function translator(language: Language): Translator {
  const english = language === 'en';
  const messages: Record<MessageKey, string> = english ? en : zh;
  const terms = english ? enTerms : zhTerms;
  const fields = english ? enFields : zhFields;
  const refusals = english ? enRefusals : zhRefusals;
  const problems = english ? enProblems : zhProblems;
  const dateFormat = new Intl.DateTimeFormat(language, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const timeFormat = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });

  const term = <V extends Vocabulary>(vocabulary: V, value: string): string =>
    (terms[vocabulary] as Record<string, string>)[value] ?? value;
  const fieldName = (table: SyncTable, field: string): string => {
    const top = /^[A-Za-z]+/.exec(field)?.[0] ?? field;
    return (fields[table] as Record<string, string>)[top] ?? top;
  };
  const fieldValue = (table: SyncTable, field: string, value: unknown): string => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
    if (Array.isArray(value)) return value.map((item) => fieldValue(table, field, item)).join('、');
    const vocabulary = FIELD_VOCABULARY[`${table}.${field}`];
    if (typeof value === 'string') return vocabulary ? term(vocabulary, value) : value;
    if (typeof value === 'boolean') return english ? (value ? 'yes' : 'no') : value ? '是' : '否';
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };
  const problem = (table: SyncTable, found: FieldProblem): string =>
    fill(problems[found.kind], { field: fieldName(table, found.field), limit: found.limit ?? '' });

  return {
    language,
    t: (key, params) => (params ? fill(messages[key], params) : messages[key]),
    term,
    fieldName,
    fieldValue,
    problem,
    refusal(reason, table, record) {
      const field = blamedField(reason.field);
      if ((reason.code === 'incomplete' || reason.code === 'invalid') && field && record) {
        const checked = checkContent(table, { [field]: record[field] }, { partial: true });
        if (!checked.ok && checked.problems[0]) return problem(table, checked.problems[0]);
        if (record[field] === undefined) return problem(table, { field, kind: 'required' });
      }
      const template = refusals[reason.code as RefusalCode] ?? refusals.invalid;
      // An event is refused for the state of what it acts on: its parent (an issue, a wish).
      const parent = tableOf(table).parent;
      const subject = tableOf(table).appendOnly && parent !== 'place-tree' ? parent.table : table;
      return fill(template, {
        record: terms.table[table],
        field: field ? fieldName(table, field) : terms.table[table],
        subject: terms.table[subject],
      });
    },
    formatDate(value, withTime = false) {
      const date = new Date(value);
      if (!withTime) return dateFormat.format(date);
      // Today's times without the date: the sync bar must fit one line of a narrow phone.
      return date.toDateString() === new Date().toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
    },
  };
}

export const I18nContext = createContext<Translator>(translator('zh-CN'));

export function useI18n(): Translator {
  return useContext(I18nContext);
}
