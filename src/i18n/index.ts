/** The i18n layer: t(key, params) in the chosen language, zh-CN by default. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, enFields, enTerms, type MessageKey, zh, zhFields, zhTerms } from './catalogue.ts';

export type Language = 'zh-CN' | 'en';

export interface Translator {
  language: Language;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The name of a domain value (a visit purpose, a care tag, an issue status…). */
  term(value: string): string;
  /** The name of a record field, as the user knows it. */
  fieldName(field: string): string;
  formatDate(value: string | number | Date, withTime?: boolean): string;
}

export function translator(language: Language): Translator {
  const messages: Record<MessageKey, string> = language === 'en' ? en : zh;
  const terms = language === 'en' ? enTerms : zhTerms;
  const fields = language === 'en' ? enFields : zhFields;
  const dateFormat = new Intl.DateTimeFormat(language, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  const timeFormat = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit' });
  return {
    language,
    t(key, params) {
      const template = messages[key];
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    term: (value) => terms[value] ?? value,
    fieldName: (field) => fields[field] ?? field,
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
