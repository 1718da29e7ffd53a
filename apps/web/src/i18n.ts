import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhHant } from './locales/zh-Hant';

export const LANGUAGES = ['en', 'zh-Hant'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'hk-ai-registry.language';

/** The reader's choice if they made one, else Traditional Chinese for a browser that prefers any Chinese. */
const initialLanguage = (): Language => {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'en' || stored === 'zh-Hant') return stored;
  return navigator.languages.some((l) => /^zh\b/i.test(l)) ? 'zh-Hant' : 'en';
};

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
  }
}

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-Hant': { translation: zhHant } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

const applyToDocument = (language: string) => {
  document.documentElement.lang = language;
  document.title = i18n.t('app.title');
};
applyToDocument(i18n.language);
i18n.on('languageChanged', (language) => {
  localStorage.setItem(STORAGE_KEY, language);
  applyToDocument(language);
});

export default i18n;
