import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { RegistryRequestError } from './client';
import { useFormat } from './format';
import { shownValue } from './dates';
import { fieldKey, reasonKey } from './api-errors';

/**
 * A refusal in the reader's language, by its reason code (api-errors.ts), and the fields it names; the code in small
 * print for support. The API's own message (English, for developers) is not shown.
 */
export const RequestError = ({ error }: { error: RegistryRequestError }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const lookup = t as unknown as (key: string) => string;
  // Whatever a query threw reaches here; only the registry's refusals carry a reason and fields.
  const refusal = error instanceof RegistryRequestError ? error : new RegistryRequestError(String(error));
  const fields = refusal.fields.map((field) => {
    const key = fieldKey(field);
    return key ? lookup(key) : field;
  });
  return (
    <p role="alert" className="error" data-testid="request-error">
      {lookup(reasonKey(refusal.reason))}
      {fields.length > 0 && <> {t('apiError.about', { fields: format.list(fields) })}</>}{' '}
      <small className="error-code">{t('apiError.code', { code: refusal.reason ?? refusal.code ?? 'UNKNOWN' })}</small>
    </p>
  );
};

/** Loading and error states of a query, announced to screen readers. */
export const QueryState = ({ loading, error }: { loading: boolean; error: RegistryRequestError | null }) => {
  const { t } = useTranslation();
  if (error) return <RequestError error={error} />;
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

/**
 * The optional "as of" day of a filter form (empty: today), with its hint; `refused` is a day the address carried
 * that is not one (dates.ts), said next to the field (the page then asks the registry nothing for it).
 */
export const AsOfField = ({ id, value, onChange, refused }: { id: string; value: string; onChange: (day: string) => void; refused?: string }) => {
  const { t } = useTranslation();
  const invalid = refused !== undefined;
  return (
    <div>
      <label htmlFor={id}>
        {t('common.asOf')} {t('common.optional')}
      </label>
      <input
        id={id}
        type="date"
        value={value}
        aria-invalid={invalid || undefined}
        aria-describedby={invalid ? `${id}-error ${id}-hint` : `${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
      />
      {invalid && (
        <p id={`${id}-error`} className="field-error" role="alert" data-testid="date-error">
          {t('common.dateInvalid', { value: shownValue(refused) })}
        </p>
      )}
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
