import { useTranslation } from 'react-i18next';

/**
 * The label of an enum value the API answers (`reason`, `blocker`, `integrity`...). A value added to the schema
 * after this build has no label yet: it is shown as its code rather than breaking the page. locales/labels.spec.ts
 * fails until every value of the schema has a label in both languages.
 */
export const useEnumLabel = () => {
  const { t, i18n } = useTranslation();
  const lookup = t as unknown as (key: string) => string;
  return (group: string, code: string): string => (i18n.exists(`${group}.${code}`) ? lookup(`${group}.${code}`) : code);
};
