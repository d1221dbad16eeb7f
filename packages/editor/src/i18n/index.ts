import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';

/**
 * Every feature keeps its own strings beside its code in a `messages.ts` exporting
 * `namespace`, `en` and `zh` (same keys; a test checks). They are gathered here, so adding a
 * screen never edits a central file.
 */
export type Messages = { [key: string]: string | Messages };
export interface MessageModule {
  namespace: string;
  en: Messages;
  zh: Messages;
}

export const LANGUAGES = ['zh', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const modules = import.meta.glob<MessageModule>('../**/messages.ts', { eager: true });
export const messageModules: MessageModule[] = Object.values(modules);

const LANGUAGE_KEY = 'sluice.language';

export function initialLanguage(): Language {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(LANGUAGE_KEY);
  if (stored === 'zh' || stored === 'en') return stored;
  const browser = typeof navigator === 'undefined' ? 'zh' : navigator.language;
  return browser.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

export function setLanguage(language: Language): void {
  if (typeof localStorage !== 'undefined') localStorage.setItem(LANGUAGE_KEY, language);
  if (typeof document !== 'undefined') document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  void i18next.changeLanguage(language);
}

const resources: Record<Language, Record<string, Messages>> = { en: {}, zh: {} };
for (const m of messageModules) {
  resources.en[m.namespace] = m.en;
  resources.zh[m.namespace] = m.zh;
}

void i18next.use(initReactI18next).init({
  resources,
  lng: initialLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18next };
