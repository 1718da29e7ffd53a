import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery } from '@tanstack/react-query';
import { graphql } from '../gql';
import type { WebSandboxRunsQuery } from '../gql/graphql';
import { execute, useGraphQL, type RegistryRequestError } from '../client';
import { Badge, ColumnHeads, Digest, Field, MissingRecord, QueryState, type Tone } from '../components';
import { useFormat } from '../format';
import { useEnumLabel } from '../labels';
import { History } from './History';
import { statusTone } from './tones';

const ModelQuery = graphql(`
  query WebModel($id: ID!) {
    model(id: $id) {
      id
      firmId
      name
      registeredAt
      kind {
        generative
        generalPurpose
      }
      versions {
        version
        weightsDigest
        registeredAt
        deprecated
        deprecatedAt
        deprecationReason
        certifications {
          id
          status
          validUntil
          frameworkVersion
          scope {
            useCases
          }
        }
      }
      history {
        ...WebHistoryEvent
      }
    }
  }
`);

const LocalisationQuery = graphql(`
  query WebLocalisation($modelId: ID!, $version: String!) {
    weightsLocalization(modelId: $modelId, version: $version) {
      status
      hostingJurisdiction
      weightsDigest
      attestedBy
    }
  }
`);

const ProvenanceQuery = graphql(`
  query WebProvenance($modelId: ID!, $version: String!) {
    trainingDataProvenance(modelId: $modelId, version: $version) {
      weightsDigest
      digestMatchesVersion
      recordedAt
      sources {
        sourceId
        name
        legalBasis
        digest
        location
        basisReference
      }
    }
  }
`);

const SandboxRunsQuery = graphql(`
  query WebSandboxRuns($modelId: ID!, $version: String!, $first: Int, $after: String) {
    sandboxRuns(modelId: $modelId, version: $version, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          suiteId
          suiteVersion
          mode
          status
          passed
          weightsDigest
          requestedAt
          finishedAt
          failureReason
          metrics {
            checks {
              metric
              scope
              value
              bound
              threshold
              outcome
            }
          }
        }
      }
    }
  }
`);

/** Runs shown at first, and added by each "older runs". */
const SANDBOX_PAGE = 5;

type SandboxRun = WebSandboxRunsQuery['sandboxRuns']['edges'][number]['node'];

/** The run's outcome in words: passed or failed once scored, else where it stands (waiting, could not be scored). */
const runBadge = (run: SandboxRun): { group: string; code: string; tone: Tone } =>
  run.status === 'COMPLETED'
    ? run.passed
      ? { group: 'sandbox', code: 'passed', tone: 'good' }
      : { group: 'sandbox', code: 'failed', tone: 'bad' }
    : { group: 'sandboxStatus', code: run.status, tone: run.status === 'FAILED' ? 'warn' : 'neutral' };

/**
 * The version's sandbox runs (the evidence for HK-AI-05), newest first: suite, mode, the outcome in words with the
 * failing checks named, when, and the weights tested. Older runs are fetched a page at a time with the API's cursors.
 */
const SandboxRuns = ({ modelId, version, versionDigest }: { modelId: string; version: string; versionDigest: string }) => {
  const { t } = useTranslation();
  const label = useEnumLabel();
  const format = useFormat();
  const number = new Intl.NumberFormat(format.locale, { maximumFractionDigits: 3 });
  const runs = useInfiniteQuery<WebSandboxRunsQuery, RegistryRequestError, { pages: WebSandboxRunsQuery[] }, unknown[], string | null>({
    queryKey: [SandboxRunsQuery.toString(), modelId, version],
    queryFn: ({ pageParam }) => execute(SandboxRunsQuery, { modelId, version, first: SANDBOX_PAGE, after: pageParam }),
    initialPageParam: null,
    getNextPageParam: (last) => (last.sandboxRuns.pageInfo.hasNextPage ? last.sandboxRuns.pageInfo.endCursor : undefined),
  });
  if (!runs.data) return <QueryState loading={runs.isLoading} error={runs.error} />;
  const list = runs.data.pages.flatMap((p) => p.sandboxRuns.edges.map((e) => e.node));
  if (list.length === 0) return <p>{t('sandbox.none')}</p>;
  const total = runs.data.pages[0].sandboxRuns.totalCount;
  const captionId = `sandbox-${modelId}-${version}`.replace(/[^\w-]/g, '-');
  return (
    <>
      <table aria-labelledby={captionId} data-testid="sandbox-runs">
        <caption id={captionId} className="visually-hidden">
          {t('sandbox.title')} · {t('model.version', { version })}
        </caption>
        <ColumnHeads labels={[t('sandbox.suite'), t('sandbox.outcome'), t('sandbox.when'), t('sandbox.weights')]} />
        <tbody>
          {list.map((run) => {
            const badge = runBadge(run);
            const failing = (run.metrics?.checks ?? []).filter((c) => c.outcome === 'FAIL');
            return (
              <tr key={run.id} data-testid="sandbox-run">
                <th scope="row">
                  {t('sandbox.suiteVersion', { suite: label('sandboxSuite', run.suiteId), version: run.suiteVersion })}
                  <br />
                  <small>{label('sandboxMode', run.mode)}</small>
                </th>
                <td>
                  <Badge tone={badge.tone} testId="sandbox-outcome">
                    {label(badge.group, badge.code)}
                  </Badge>
                  {run.passed && <p>{t('sandbox.allPassed')}</p>}
                  {failing.length > 0 && (
                    <>
                      <p>{t('sandbox.failing')}</p>
                      <ul>
                        {failing.map((c) => (
                          <li key={`${c.metric}-${c.scope}`}>
                            {t('sandbox.check', {
                              metric: label('sandboxMetric', c.metric),
                              scope: label('sandboxScope', c.scope),
                              value: c.value === null || c.value === undefined ? '—' : number.format(c.value),
                              threshold: t(c.bound === 'MIN' ? 'sandbox.atLeast' : 'sandbox.atMost', { threshold: number.format(c.threshold) }),
                            })}
                          </li>
                        ))}
                      </ul>
                    </>
                  )}
                  {run.failureReason && <p>{label('sandboxFailure', run.failureReason)}</p>}
                </td>
                <td>
                  {t('sandbox.requested', { date: format.dateTime(run.requestedAt) })}
                  {run.finishedAt && (
                    <>
                      <br />
                      {t('sandbox.finished', { status: label('sandboxStatus', run.status), date: format.dateTime(run.finishedAt) })}
                    </>
                  )}
                </td>
                <td>
                  <Digest value={run.weightsDigest} /> ({run.weightsDigest === versionDigest ? t('model.digestMatches') : t('model.digestDiffers')})
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="pager">
        <span>{t('sandbox.shown', { shown: list.length, count: total })}</span>
        {runs.hasNextPage && (
          <button type="button" onClick={() => void runs.fetchNextPage()} disabled={runs.isFetchingNextPage}>
            {t('sandbox.older')}
          </button>
        )}
      </p>
      <QueryState loading={false} error={runs.error} />
    </>
  );
};

/**
 * The version's training-data provenance (the evidence for HK-AI-06): each source, its legal basis and digest. Where
 * the data came from and the basis reference are restricted: the API answers null to anonymous readers, shown so.
 */
const Provenance = ({ modelId, version }: { modelId: string; version: string }) => {
  const { t } = useTranslation();
  const format = useFormat();
  const { data, isLoading, error } = useGraphQL(ProvenanceQuery, { modelId, version });
  if (!data) return <QueryState loading={isLoading} error={error} />;
  const p = data.trainingDataProvenance;
  if (!p) return <p>{t('model.noProvenance')}</p>;
  const captionId = `provenance-${modelId}-${version}`.replace(/[^\w-]/g, '-');
  return (
    <>
      <dl className="facts">
        <Field label={t('model.provenanceDigest')}>
          <Digest value={p.weightsDigest} /> ({p.digestMatchesVersion ? t('model.digestMatches') : t('model.digestDiffers')})
        </Field>
        <Field label={t('model.provenanceRecordedAt')}>{format.dateTime(p.recordedAt)}</Field>
      </dl>
      <table aria-labelledby={captionId} data-testid="provenance">
        <caption id={captionId} className="visually-hidden">
          {t('model.provenance')} · {t('model.version', { version })}
        </caption>
        <ColumnHeads labels={[t('model.source'), t('model.legalBasis'), t('model.sourceDigest'), t('model.sourceDetails')]} />
        <tbody>
          {p.sources.map((s) => (
            <tr key={s.sourceId} data-testid="provenance-source">
              <th scope="row">
                {s.name} <small>({s.sourceId})</small>
              </th>
              <td>{s.legalBasis ? t(`legalBasis.${s.legalBasis}`) : <Badge tone="bad">{t('model.basisUnknown')}</Badge>}</td>
              <td>{s.digest ? <Digest value={s.digest} /> : t('model.noDigest')}</td>
              <td>{s.location === null && s.basisReference === null ? t('common.restricted') : [s.location, s.basisReference].filter(Boolean).join(' · ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
};

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
    return <MissingRecord title={t('model.title', { name: id })} loading={isLoading} error={error} answered={!!data} notFound={t('model.notFound', { id })} />;
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
                  <Link to={`/certifications/${encodeURIComponent(c.id)}`}>{c.id}</Link> <Badge tone={statusTone(c.status)}>{t(`status.${c.status}`)}</Badge>{' '}
                  HK-AI {c.frameworkVersion} · {format.list(c.scope.useCases)} · {t('search.validUntil')} {format.date(c.validUntil)}
                </li>
              ))}
            </ul>
          )}
          <h4>{t('model.localisation')}</h4>
          <Localisation modelId={m.id} version={v.version} />
          <h4>{t('model.provenance')}</h4>
          <Provenance modelId={m.id} version={v.version} />
          <h4>{t('sandbox.title')}</h4>
          <SandboxRuns modelId={m.id} version={v.version} versionDigest={v.weightsDigest} />
          <Link to={`/explain?model=${encodeURIComponent(m.id)}&version=${encodeURIComponent(v.version)}`}>{t('model.explain')}</Link>
        </section>
      ))}
      <h2 id="model-history">{t('certification.history')}</h2>
      <History events={m.history} labelledBy="model-history" />
    </>
  );
};
