/** The i18n layer: t(key, params) in the chosen language, zh-CN by default. */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, enTerms, type MessageKey, zh, zhTerms } from './catalogue.ts';

export type Language = 'zh-CN' | 'en';

export interface Translator {
  language: Language;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The name of a domain value (a visit purpose, a care tag, an issue status…). */
  term(value: string): string;
  formatDate(value: string | number | Date, withTime?: boolean): string;
}

export function translator(language: Language): Translator {
  const messages: Record<MessageKey, string> = language === 'en' ? en : zh;
  const terms = language === 'en' ? enTerms : zhTerms;
  const dateFormat = new Intl.DateTimeFormat(language, { year: 'numeric', month: '2-digit', day: '2-digit' });
  const dateTimeFormat = new Intl.DateTimeFormat(language, {
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
  return {
    language,
    t(key, params) {
      const template = messages[key];
      if (!params) return template;
      return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
    },
    term: (value) => terms[value] ?? value,
    formatDate: (value, withTime = false) => (withTime ? dateTimeFormat : dateFormat).format(new Date(value)),
  };
}

export const I18nContext = createContext<Translator>(translator('zh-CN'));

export function useI18n(): Translator {
  return useContext(I18nContext);
}
