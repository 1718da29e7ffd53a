import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { execute, RegistryRequestError, useGraphQL } from '../client';
import { Badge, ColumnHeads, Digest, Field, MissingRecord, QueryState } from '../components';
import { useFormat } from '../format';
import { History } from './History';
import { statusTone } from './tones';

const CertificationQuery = graphql(`
  query WebCertification($id: ID!) {
    certification(id: $id) {
      id
      status
      modelId
      modelVersion
      firmId
      weightsDigest
      frameworkVersion
      auditReportDigest
      validFrom
      validUntil
      issuedAt
      suspendedAt
      suspensionReason
      revokedAt
      revocationReason
      scope {
        useCases
        riskTier
      }
      results {
        requirementId
        result
      }
      certifierId
      certifier {
        id
        name
        status
        validFrom
        validUntil
        withdrawnAt
        scope {
          frameworkVersions
          useCases
        }
      }
      history {
        ...WebHistoryEvent
      }
    }
  }
`);

const CredentialQuery = graphql(`
  query WebCertificationCredential($id: ID!) {
    certificationCredential(id: $id) {
      jws
      keyId
      mediaType
    }
  }
`);

export const CertificationPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { data, isLoading, error } = useGraphQL(CertificationQuery, { id });
  const [credential, setCredential] = useState<{ jws: string } | RegistryRequestError | null>(null);
  const c = data?.certification;
  if (!c)
    return (
      <MissingRecord
        title={t('certification.title', { id })}
        loading={isLoading}
        error={error}
        answered={!!data}
        notFound={t('certification.notFound', { id })}
      />
    );
  const getCredential = () =>
    execute(CredentialQuery, { id: c.id }).then(
      (r) => setCredential({ jws: r.certificationCredential.jws }),
      (e: RegistryRequestError) => setCredential(e),
    );
  return (
    <>
      <h1>{t('certification.title', { id: c.id })}</h1>
      <p className="lead">
        <Badge tone={statusTone(c.status)} testId="certification-status">
          {t(`status.${c.status}`)}
        </Badge>{' '}
        {t(`statusText.${c.status}`)}
      </p>
      {c.suspendedAt && <p>{t('certification.suspended', { date: format.date(c.suspendedAt), reason: c.suspensionReason ?? '' })}</p>}
      {c.revokedAt && <p>{t('certification.revoked', { date: format.date(c.revokedAt), reason: c.revocationReason ?? '' })}</p>}
      <dl className="facts">
        <Field label={t('certification.model')}>
          <Link to={`/models/${encodeURIComponent(c.modelId)}`}>{c.modelId}</Link> {c.modelVersion}
        </Field>
        <Field label={t('certification.firm')}>{c.firmId}</Field>
        <Field label={t('certification.weightsDigest')}>
          <Digest value={c.weightsDigest} />
        </Field>
        <Field label={t('certification.framework')}>
          <Link to="/frameworks/HK-AI">HK-AI</Link> {c.frameworkVersion}
        </Field>
        <Field label={t('certification.useCases')}>{format.list(c.scope.useCases)}</Field>
        <Field label={t('certification.riskTier')}>{t(`riskTier.${c.scope.riskTier}`)}</Field>
        <Field label={t('certification.validity')}>
          {format.date(c.validFrom)} – {format.date(c.validUntil)}
        </Field>
        <Field label={t('certification.issuedAt')}>{format.dateTime(c.issuedAt)}</Field>
        <Field label={t('certification.auditReport')}>{c.auditReportDigest ? <Digest value={c.auditReportDigest} /> : <em>{t('common.restricted')}</em>}</Field>
      </dl>

      <h2 id="certifier-heading">{t('certification.certifier')}</h2>
      {c.certifier ? (
        <dl className="facts" aria-labelledby="certifier-heading">
          <Field label={t('certification.certifierName')}>
            {c.certifier.name} (<code>{c.certifier.id}</code>)
          </Field>
          <Field label={t('certification.certifierStatus')}>
            <Badge tone={statusTone(c.certifier.status)}>{t(`certifierStatus.${c.certifier.status}`)}</Badge>
          </Field>
          <Field label={t('certification.scope')}>
            {t('certification.accreditedFor', {
              versions: format.list(c.certifier.scope.frameworkVersions),
              useCases: format.list(c.certifier.scope.useCases),
            })}
          </Field>
          <Field label={t('certification.accreditationValidity')}>
            {format.date(c.certifier.validFrom)} – {format.date(c.certifier.validUntil)}
          </Field>
        </dl>
      ) : (
        <p>{c.certifierId}</p>
      )}

      <h2 id="results-heading">{t('certification.results')}</h2>
      <table aria-labelledby="results-heading">
        <ColumnHeads labels={[t('certification.requirement'), t('certification.result')]} />
        <tbody>
          {c.results.map((r) => (
            <tr key={r.requirementId}>
              <th scope="row">{r.requirementId}</th>
              <td>{t(`outcome.${r.result}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="history-heading">{t('certification.history')}</h2>
      <History events={c.history} labelledBy="history-heading" />

      <h2>{t('certification.credential')}</h2>
      <p>{t('certification.credentialHint')}</p>
      {c.status === 'ACTIVE' && (
        <button type="button" onClick={() => void getCredential()}>
          {t('certification.getCredential')}
        </button>
      )}
      {credential instanceof RegistryRequestError && <QueryState loading={false} error={credential} />}
      {credential && !(credential instanceof RegistryRequestError) && (
        <div className="credential">
          <label htmlFor="credential-jws">{t('verify.label')}</label>
          <textarea id="credential-jws" readOnly rows={5} value={credential.jws} data-testid="credential-jws" />
          <Link to="/verify" state={{ jws: credential.jws }}>
            {t('certification.verifyIt')}
          </Link>
        </div>
      )}
    </>
  );
};
