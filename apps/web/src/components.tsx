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

/** A record page whose record is not (yet) there: its title, the loading and error states, and "not found" once answered. */
export const MissingRecord = ({
  title,
  loading,
  error,
  answered,
  notFound,
}: {
  title: ReactNode;
  loading: boolean;
  error: RegistryRequestError | null;
  answered: boolean;
  notFound: ReactNode;
}) => (
  <>
    <h1>{title}</h1>
    <QueryState loading={loading} error={error} />
    {answered && <p role="alert">{notFound}</p>}
  </>
);

/** A table's column headings. */
export const ColumnHeads = ({ labels }: { labels: readonly ReactNode[] }) => (
  <thead>
    <tr>
      {labels.map((label, i) => (
        <th scope="col" key={i}>
          {label}
        </th>
      ))}
    </tr>
  </thead>
);

/** A required choice in a filter form: an empty first option (or a prompt), then one option a choice. */
export const ChoiceField = ({
  id,
  label,
  value,
  choices,
  onChange,
  prompt,
  labelOf = (choice) => choice,
}: {
  id: string;
  label: ReactNode;
  value: string;
  choices: readonly string[];
  onChange: (value: string) => void;
  prompt?: string;
  labelOf?: (choice: string) => ReactNode;
}) => (
  <div>
    <label htmlFor={id}>{label}</label>
    <select id={id} required value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{prompt}</option>
      {choices.map((choice) => (
        <option key={choice} value={choice}>
          {labelOf(choice)}
        </option>
      ))}
    </select>
  </div>
);

/** The optional "as of" day of a filter form (empty: today), with its hint. */
export const AsOfField = ({ id, value, onChange }: { id: string; value: string; onChange: (day: string) => void }) => {
  const { t } = useTranslation();
  return (
    <div>
      <label htmlFor={id}>
        {t('common.asOf')} {t('common.optional')}
      </label>
      <input id={id} type="date" value={value} aria-describedby={`${id}-hint`} onChange={(e) => onChange(e.target.value)} />
      <small id={`${id}-hint`}>{t('common.asOfHint')}</small>
    </div>
  );
};

/** An equivalence's conditions (each its id and text), or a dash where there are none. */
export const ConditionList = ({ conditions }: { conditions: readonly { key: string; id: string; text: string }[] }) =>
  conditions.length === 0 ? (
    '—'
  ) : (
    <ul>
      {conditions.map((c) => (
        <li key={c.key}>
          <strong>{c.id}</strong> {c.text}
        </li>
      ))}
    </ul>
  );
