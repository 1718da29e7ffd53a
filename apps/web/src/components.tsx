import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RegistryRequestError } from './client';

/** Loading and error states of a query, announced to screen readers. */
export const QueryState = ({ loading, error }: { loading: boolean; error: RegistryRequestError | null }) => {
  const { t } = useTranslation();
  if (error)
    return (
      <p role="alert" className="error">
        {t('app.error', { message: error.reason ? `${error.reason}: ${error.message}` : error.message })}
      </p>
    );
  if (loading)
    return (
      <p role="status" className="loading">
        {t('app.loading')}
      </p>
    );
  return null;
};

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** A status word with a colour that is never the only cue (the word is always there). */
export const Badge = ({ tone, children, testId }: { tone: Tone; children: ReactNode; testId?: string }) => (
  <span className={`badge badge-${tone}`} data-testid={testId}>
    {children}
  </span>
);

export const Field = ({ label, children }: { label: ReactNode; children: ReactNode }) => (
  <>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </>
);

export const Digest = ({ value }: { value: string }) => <code className="digest">{value}</code>;
