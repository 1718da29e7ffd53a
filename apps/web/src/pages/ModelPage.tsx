import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useGraphQL } from '../client';
import { Badge, Digest, Field, QueryState } from '../components';
import { useFormat } from '../format';
import { History } from './History';
import { statusTone } from './tones';

const ModelQuery = graphql(`
  query WebModel($id: ID!) {
    model(id: $id) {
      id firmId name registeredAt
      kind { generative generalPurpose }
      versions {
        version weightsDigest registeredAt deprecated deprecatedAt deprecationReason
        certifications { id status validUntil frameworkVersion scope { useCases } }
      }
      history { eventId type streamVersion recordedAt actor { role actingFor } }
    }
  }
`);

const LocalisationQuery = graphql(`
  query WebLocalisation($modelId: ID!, $version: String!) {
    weightsLocalization(modelId: $modelId, version: $version) { status hostingJurisdiction weightsDigest attestedBy }
  }
`);

const Localisation = ({ modelId, version }: { modelId: string; version: string }) => {
  const { t } = useTranslation();
  const { data, isLoading, error } = useGraphQL(LocalisationQuery, { modelId, version });
  if (!data) return <QueryState loading={isLoading} error={error} />;
  const l = data.weightsLocalization;
  if (!l) return <p>{t('model.noLocalisation')}</p>;
  return (
    <p>
      {t('model.hostedIn', { jurisdiction: l.hostingJurisdiction ?? '?' })} · {t('model.recordStatus')}: {t(`recordStatus.${l.status}`)}
      {l.attestedBy && ` · ${t('model.attestedBy')}: ${l.attestedBy}`}
    </p>
  );
};

export const ModelPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const { data, isLoading, error } = useGraphQL(ModelQuery, { id });
  const m = data?.model;
  if (!m)
    return (
      <>
        <h1>{t('model.title', { name: id })}</h1>
        <QueryState loading={isLoading} error={error} />
        {data && <p role="alert">{t('model.notFound', { id })}</p>}
      </>
    );
  const kinds = [m.kind.generative && t('model.generative'), m.kind.generalPurpose && t('model.generalPurpose')].filter(Boolean) as string[];
  return (
    <>
      <h1>{t('model.title', { name: m.name })}</h1>
      <dl className="facts">
        <Field label={t('model.owner')}>{m.firmId}</Field>
        <Field label={t('model.kind')}>{kinds.length ? format.list(kinds) : t('common.none')}</Field>
        <Field label={t('model.registeredAt')}>{format.date(m.registeredAt)}</Field>
      </dl>
      <h2>{t('model.versions')}</h2>
      {m.versions.map((v) => (
        <section key={v.version} className="card" aria-labelledby={`version-${v.version}`}>
          <h3 id={`version-${v.version}`}>{t('model.version', { version: v.version })}</h3>
          <dl className="facts">
            <Field label={t('certification.weightsDigest')}>
              <Digest value={v.weightsDigest} />
            </Field>
            <Field label={t('model.registeredAt')}>{format.date(v.registeredAt)}</Field>
          </dl>
          {v.deprecated && <p>{t('model.deprecated', { date: format.date(v.deprecatedAt), reason: v.deprecationReason ?? '' })}</p>}
          <h4>{t('model.certifications')}</h4>
          {v.certifications.length === 0 ? (
            <p>{t('model.noCertifications')}</p>
          ) : (
            <ul>
              {v.certifications.map((c) => (
                <li key={c.id}>
                  <Link to={`/certifications/${encodeURIComponent(c.id)}`}>{c.id}</Link> <Badge tone={statusTone(c.status)}>{t(`status.${c.status}`)}</Badge> HK-AI{' '}
                  {c.frameworkVersion} · {format.list(c.scope.useCases)} · {t('search.validUntil')} {format.date(c.validUntil)}
                </li>
              ))}
            </ul>
          )}
          <h4>{t('model.localisation')}</h4>
          <Localisation modelId={m.id} version={v.version} />
          <Link to={`/explain?model=${encodeURIComponent(m.id)}&version=${encodeURIComponent(v.version)}`}>{t('model.explain')}</Link>
        </section>
      ))}
      <h2 id="model-history">{t('certification.history')}</h2>
      <History events={m.history} labelledBy="model-history" />
    </>
  );
};
