import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useGraphQL } from '../client';
import { ColumnHeads, MissingRecord, QueryState } from '../components';
import { useFormat } from '../format';
import { useEnumLabel } from '../labels';

const FrameworksQuery = graphql(`
  query WebFrameworks {
    frameworks {
      id
      jurisdiction
      versionInForce {
        version
        title
      }
      versions {
        version
      }
    }
  }
`);

const FrameworkQuery = graphql(`
  query WebFramework($id: ID!) {
    framework(id: $id) {
      id
      jurisdiction
      versionInForce {
        version
      }
      versions {
        version
        title
        effectiveFrom
        supersededFrom
        publishedAt
        requirements {
          id
          title
          appliesWhen {
            useCases
            generative
            generalPurpose
          }
          satisfiedBy {
            kind
            jurisdictions
            origin
            destinations
          }
        }
      }
    }
  }
`);

export const FrameworksPage = () => {
  const { t } = useTranslation();
  const { data, isLoading, error } = useGraphQL(FrameworksQuery, {});
  return (
    <>
      <h1>{t('frameworks.title')}</h1>
      <p>{t('frameworks.intro')}</p>
      <QueryState loading={isLoading} error={error} />
      {data && (
        <table>
          <ColumnHeads labels={[t('frameworks.title'), t('frameworks.jurisdiction'), t('frameworks.versionInForce'), t('frameworks.versions')]} />
          <tbody>
            {data.frameworks.map((f) => (
              <tr key={f.id}>
                <th scope="row">
                  <Link to={`/frameworks/${encodeURIComponent(f.id)}`}>{f.id}</Link>
                </th>
                <td>{f.jurisdiction}</td>
                <td>{f.versionInForce ? `${f.versionInForce.version} · ${f.versionInForce.title}` : t('frameworks.none')}</td>
                <td>{f.versions.length}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
};

export const FrameworkPage = () => {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const format = useFormat();
  const label = useEnumLabel();
  const { data, isLoading, error } = useGraphQL(FrameworkQuery, { id });
  const f = data?.framework;
  if (!f) return <MissingRecord title={id} loading={isLoading} error={error} answered={!!data} notFound={t('frameworks.notFound', { id })} />;
  return (
    <>
      <h1>
        {f.id} <small>({f.jurisdiction})</small>
      </h1>
      <p>
        {t('frameworks.versionInForce')}: {f.versionInForce?.version ?? t('frameworks.none')}
      </p>
      {[...f.versions].reverse().map((v) => (
        <section key={v.version} className="card" aria-labelledby={`fv-${v.version}`}>
          <h2 id={`fv-${v.version}`}>
            {v.version} · {v.title}
          </h2>
          <p>
            {t('frameworks.effectiveFrom')} {format.date(v.effectiveFrom)}
            {v.supersededFrom && ` · ${t('frameworks.supersededFrom')} ${format.date(v.supersededFrom)}`}
          </p>
          <table>
            <caption className="visually-hidden">
              {t('frameworks.requirements')} {v.version}
            </caption>
            <ColumnHeads labels={[t('frameworks.requirements'), t('frameworks.appliesWhen')]} />
            <tbody>
              {v.requirements.map((r) => {
                const when = [
                  r.appliesWhen.useCases && t('frameworks.useCases', { list: format.list(r.appliesWhen.useCases) }),
                  r.appliesWhen.generative === true && t('frameworks.generative'),
                  r.appliesWhen.generative === false && t('frameworks.notGenerative'),
                  r.appliesWhen.generalPurpose === true && t('frameworks.generalPurpose'),
                  r.appliesWhen.generalPurpose === false && t('frameworks.notGeneralPurpose'),
                ].filter(Boolean) as string[];
                return (
                  <tr key={r.id}>
                    <th scope="row">
                      <strong>{r.id}</strong> {r.title}
                    </th>
                    <td>
                      {when.length ? format.list(when) : t('frameworks.always')}
                      {r.satisfiedBy && (
                        <>
                          <br />
                          {t('frameworks.satisfiedBy')}:{' '}
                          {r.satisfiedBy.kind === 'LOCALISATION'
                            ? t('frameworks.LOCALISATION', { list: format.list(r.satisfiedBy.jurisdictions) })
                            : r.satisfiedBy.kind === 'TRANSFER_BASIS'
                              ? t('frameworks.TRANSFER_BASIS', { origin: r.satisfiedBy.origin ?? '', list: format.list(r.satisfiedBy.destinations) })
                              : label('frameworks', r.satisfiedBy.kind)}
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
};
