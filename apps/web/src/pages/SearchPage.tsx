import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { CertificationStatus } from '../gql/graphql';
import { useGraphQL } from '../client';
import { Badge, ColumnHeads, QueryState } from '../components';
import { useFormat } from '../format';
import { statusTone } from './tones';

const SearchOptions = graphql(`
  query WebSearchOptions {
    firms(first: 100) {
      edges {
        node {
          id
          name
        }
      }
    }
    framework(id: "HK-AI") {
      versions {
        version
      }
    }
  }
`);

const SearchCertifications = graphql(`
  query WebSearchCertifications(
    $modelId: ID
    $firmId: ID
    $certifierId: ID
    $frameworkVersion: String
    $status: CertificationStatus
    $first: Int
    $after: String
  ) {
    certifications(
      modelId: $modelId
      firmId: $firmId
      certifierId: $certifierId
      frameworkVersion: $frameworkVersion
      status: $status
      first: $first
      after: $after
    ) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          status
          modelId
          modelVersion
          firmId
          certifierId
          frameworkVersion
          validUntil
          certifier {
            name
          }
        }
      }
    }
  }
`);

const STATUSES: CertificationStatus[] = ['ACTIVE', 'SUSPENDED', 'REVOKED', 'EXPIRED'];
const DEFAULT_PAGE_SIZE = 10;
/** `?size=` (1 to 100, the API's bounds) for a longer or shorter page. */
const pageSize = (param: string | null) => {
  const n = Number(param);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : DEFAULT_PAGE_SIZE;
};
const FILTERS = ['firm', 'model', 'certifier', 'status', 'framework'] as const;

/** Search certifications: filters and the page's cursors live in the address, so a search can be shared. */
export const SearchPage = () => {
  const { t } = useTranslation();
  const format = useFormat();
  const [params, setParams] = useSearchParams();
  const value = (name: string) => params.get(name) ?? '';
  const [form, setForm] = useState(() => Object.fromEntries(FILTERS.map((f) => [f, value(f)])) as Record<(typeof FILTERS)[number], string>);
  const cursors = (params.get('cursors') ?? '').split(',').filter(Boolean);
  const options = useGraphQL(SearchOptions, {});
  const status = value('status');
  const results = useGraphQL(SearchCertifications, {
    modelId: value('model') || null,
    firmId: value('firm') || null,
    certifierId: value('certifier') || null,
    frameworkVersion: value('framework') || null,
    status: STATUSES.includes(status as CertificationStatus) ? (status as CertificationStatus) : null,
    first: pageSize(params.get('size')),
    after: cursors.at(-1) ?? null,
  });
  const rows = (results.data?.certifications.edges ?? []).map((e) => e.node);

  const search = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (form[f].trim()) next.set(f, form[f].trim());
    if (params.get('size')) next.set('size', params.get('size')!);
    setParams(next);
  };
  const page = (nextCursors: string[]) => {
    const next = new URLSearchParams(params);
    if (nextCursors.length) next.set('cursors', nextCursors.join(','));
    else next.delete('cursors');
    setParams(next);
  };
  const input = (name: (typeof FILTERS)[number]) => ({
    id: `filter-${name}`,
    name,
    value: form[name],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [name]: e.target.value }),
  });

  return (
    <>
      <h1>{t('search.title')}</h1>
      <p>{t('search.intro')}</p>
      <form className="filters" role="search" onSubmit={search} aria-label={t('search.filters')}>
        <div>
          <label htmlFor="filter-firm">{t('search.firm')}</label>
          <select {...input('firm')}>
            <option value="">{t('common.any')}</option>
            {options.data?.firms.edges.map(({ node }) => (
              <option key={node.id} value={node.id}>
                {node.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-model">{t('search.model')}</label>
          <input {...input('model')} type="text" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor="filter-certifier">{t('search.certifier')}</label>
          <input {...input('certifier')} type="text" autoComplete="off" spellCheck={false} />
        </div>
        <div>
          <label htmlFor="filter-status">{t('search.status')}</label>
          <select {...input('status')}>
            <option value="">{t('common.any')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="filter-framework">{t('search.framework')}</label>
          <select {...input('framework')}>
            <option value="">{t('common.any')}</option>
            {options.data?.framework?.versions.map((v) => (
              <option key={v.version} value={v.version}>
                {v.version}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.submit')}</button>
      </form>
      <section aria-labelledby="results-heading" aria-busy={results.isFetching}>
        <h2 id="results-heading">
          {t('search.results')}
          {results.data && <span className="count"> · {t('search.count', { count: results.data.certifications.totalCount })}</span>}
        </h2>
        <QueryState loading={results.isLoading} error={results.error} />
        {results.data && rows.length === 0 && <p>{t('search.empty')}</p>}
        {rows.length > 0 && (
          <table className="results">
            <ColumnHeads
              labels={[
                t('search.id'),
                t('search.status'),
                t('search.modelVersion'),
                t('search.firm'),
                t('certification.certifierName'),
                t('search.framework'),
                t('search.validUntil'),
              ]}
            />
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/certifications/${encodeURIComponent(c.id)}`}>{c.id}</Link>
                  </th>
                  <td>
                    <Badge tone={statusTone(c.status)}>{t(`status.${c.status}`)}</Badge>
                  </td>
                  <td>
                    <Link to={`/models/${encodeURIComponent(c.modelId)}`}>{c.modelId}</Link> {c.modelVersion}
                  </td>
                  <td>{c.firmId}</td>
                  <td>{c.certifier?.name ?? c.certifierId}</td>
                  <td>{c.frameworkVersion}</td>
                  <td>{format.date(c.validUntil)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav className="pager" aria-label={t('search.page', { page: cursors.length + 1 })}>
          <button type="button" disabled={cursors.length === 0} onClick={() => page(cursors.slice(0, -1))}>
            {t('search.previous')}
          </button>
          <span>{t('search.page', { page: cursors.length + 1 })}</span>
          <button
            type="button"
            disabled={!results.data?.certifications.pageInfo.hasNextPage}
            onClick={() => page([...cursors, results.data!.certifications.pageInfo.endCursor!])}
          >
            {t('search.next')}
          </button>
        </nav>
      </section>
    </>
  );
};
