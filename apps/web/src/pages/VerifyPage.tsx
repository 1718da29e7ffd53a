import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge } from '../components';
import { useFormat } from '../format';
import { registryFetcher, verifyCredential, type Report } from '../verify/verify-credential';

const DATE_PARAMS = new Set(['from', 'until']);

/** Paste a credential, check it here in the browser (verify/verify-credential.ts). */
const VerifyPage = () => {
  const { t } = useTranslation();
  const format = useFormat();
  const location = useLocation();
  const [jws, setJws] = useState<string>((location.state as { jws?: string } | null)?.jws ?? '');
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      setReport(await verifyCredential(jws, registryFetcher));
    } finally {
      setBusy(false);
    }
  };
  const shown = (key: string, value: string) => (DATE_PARAMS.has(key) && !Number.isNaN(Date.parse(value)) ? format.dateTime(value) : value);
  // The detail's parameters vary by key; i18next's typed overloads cannot follow a key chosen at run time.
  const interpolate = t as unknown as (key: string, values: Record<string, string>) => string;
  const subject = report?.credential?.credentialSubject as Record<string, unknown> | undefined;
  return (
    <>
      <h1>{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="verify-form">
        <label htmlFor="verify-jws">{t('verify.label')}</label>
        <textarea id="verify-jws" rows={6} required spellCheck={false} value={jws} onChange={(e) => setJws(e.target.value)} />
        <button type="submit" disabled={busy}>
          {t('verify.submit')}
        </button>
      </form>
      {report && (
        <section aria-labelledby="verify-result" aria-live="polite">
          <h2 id="verify-result">
            <Badge tone={report.ok ? 'good' : 'bad'} testId="verify-outcome">
              {report.ok ? t('verify.valid') : t('verify.invalid')}
            </Badge>
          </h2>
          <table>
            <caption>{t('verify.checks')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('verify.check')}</th>
                <th scope="col">{t('verify.outcome')}</th>
                <th scope="col">{t('verify.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {report.checks.map((c, i) => (
                <tr key={i} data-testid="verify-check" data-ok={c.ok}>
                  <th scope="row">{t(`verify.checkNames.${c.check}`)}</th>
                  <td>{c.ok ? `✓ ${t('verify.passed')}` : `✗ ${t('verify.failed')}`}</td>
                  <td>{interpolate(`verify.details.${c.detail}`, Object.fromEntries(Object.entries(c.params).map(([k, v]) => [k, shown(k, v)])))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {subject && (
            <>
              <h3 id="verify-subject">{t('verify.subject')}</h3>
              {/* Focusable: a keyboard user can scroll it (WCAG 2.1.1). */}
              <pre className="subject" tabIndex={0} aria-labelledby="verify-subject">
                {JSON.stringify(subject, null, 2)}
              </pre>
            </>
          )}
        </section>
      )}
    </>
  );
};

export default VerifyPage;
