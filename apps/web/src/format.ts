import { useTranslation } from 'react-i18next';

/**
 * Dates in the reader's locale (Intl): the chosen language, with the browser's own region when it has one for
 * that language (en-GB, en-US...), else Hong Kong's. Instants are shown in the reader's time zone.
 */
export const localeFor = (language: string): string => {
  const base = language === 'zh-Hant' ? 'zh' : 'en';
  const preferred = navigator.languages.find((l) => l.toLowerCase().startsWith(base) && (base === 'en' || /hant|tw|hk|mo/i.test(l)));
  return preferred ?? (base === 'zh' ? 'zh-Hant-HK' : 'en-HK');
};

export const useFormat = () => {
  const { i18n } = useTranslation();
  const locale = localeFor(i18n.language);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const list = new Intl.ListFormat(locale, { style: 'short', type: 'conjunction' });
  // An instant that is not one (never from the API, which answers RFC 3339) is shown as given rather than thrown on.
  const shown = (formatter: Intl.DateTimeFormat) => (iso: string | null | undefined) => {
    if (!iso) return '';
    const instant = new Date(iso);
    return Number.isNaN(instant.getTime()) ? iso : formatter.format(instant);
  };
  return {
    locale,
    date: shown(date),
    dateTime: shown(dateTime),
    list: (items: readonly string[]) => list.format(items),
  };
};

/** Every jurisdiction the frameworks belong to, Hong Kong first (judged on the HK-AI Standard itself), then the others sorted. */
export const targetJurisdictions = (frameworks: readonly { jurisdiction: string }[]): string[] => {
  const all = new Set(frameworks.map((f) => f.jurisdiction));
  return [...(all.has('HK') ? ['HK'] : []), ...foreignJurisdictions(frameworks)];
};

/** The jurisdictions other than Hong Kong that the frameworks belong to, sorted, each once. */
export const foreignJurisdictions = (frameworks: readonly { jurisdiction: string }[]): string[] =>
  [...new Set(frameworks.map((f) => f.jurisdiction).filter((j) => j !== 'HK'))].sort();
