import { useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useGraphQL } from '../client';
import { AsOfField, Badge, ChoiceField, ColumnHeads, ConditionList, QueryState } from '../components';
import { parseDay } from '../dates';
import { foreignJurisdictions, useFormat } from '../format';

const JurisdictionsQuery = graphql(`
  query WebJurisdictions {
    frameworks {
      id
      jurisdiction
    }
  }
`);

const RecognitionsQuery = graphql(`
  query WebRecognitions($jurisdiction: String!, $asOf: DateTime) {
    recognitions(jurisdiction: $jurisdiction, asOf: $asOf) {
      jurisdiction
      asOf
      computedAt
      hkRequirementIds
      recognitions {
        equivalenceId
        strength
        effectiveFrom
        effectiveUntil
        countersignedAt
        withdrawnAt
        foreignVersionInForce
        illustrative
        hk {
          framework
          version
          requirementId
          title
        }
        foreign {
          framework
          version
          requirementId
          title
        }
        conditions {
          id
          text
        }
        scope {
          useCases
        }
      }
    }
  }
`);

/** Which HK-AI requirements a jurisdiction recognises on a date (default today), FULL or PARTIAL, countersigned when. */
export const RecognitionsPage = () => {
  const { jurisdiction = '' } = useParams();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { t } = useTranslation();
  const format = useFormat();
  const options = useGraphQL(JurisdictionsQuery, {});
  const jurisdictions = foreignJurisdictions(options.data?.frameworks ?? []);
  // The day the address asks for; one that is not a day is said next to the field, and nothing is asked for it.
  const day = parseDay(params.get('date'));
  const [form, setForm] = useState({ jurisdiction, date: day.kind === 'day' ? day.day : '' });
  const asOf = day.kind === 'day' ? day.instant : null;
  const result = useGraphQL(RecognitionsQuery, { jurisdiction, asOf }, { enabled: !!jurisdiction && day.kind !== 'invalid' });
  const r = result.data?.recognitions;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`/recognitions/${encodeURIComponent(form.jurisdiction)}${form.date ? `?date=${form.date}` : ''}`);
  };
  return (
    <>
      <h1>{t('recognitions.title')}</h1>
      <p>{t('recognitions.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <ChoiceField
          id="recognitions-jurisdiction"
          label={t('recognitions.jurisdiction')}
          value={form.jurisdiction}
          choices={jurisdictions}
          onChange={(choice) => setForm({ ...form, jurisdiction: choice })}
        />
        <AsOfField
          id="recognitions-date"
          value={form.date}
          onChange={(date) => setForm({ ...form, date })}
          refused={day.kind === 'invalid' ? day.value : undefined}
        />
        <button type="submit">{t('common.submit')}</button>
      </form>
      <QueryState loading={!!jurisdiction && result.isLoading} error={result.error} />
      {r && (
        <section aria-labelledby="recognised-heading">
          <h2 id="recognised-heading">
            {r.jurisdiction} · {format.date(r.asOf)}
          </h2>
          <p>
            {t('recognitions.recognised')}: {r.hkRequirementIds.length ? format.list(r.hkRequirementIds) : t('common.none')}
          </p>
          {r.recognitions.length === 0 ? (
            <p>{t('recognitions.none')}</p>
          ) : (
            <table className="recognitions">
              <ColumnHeads
                labels={[
                  t('recognitions.hk'),
                  t('recognitions.foreign'),
                  t('recognitions.strength'),
                  t('recognitions.conditions'),
                  t('recognitions.countersignedAt'),
                  t('recognitions.effective'),
                ]}
              />
              <tbody>
                {r.recognitions.map((x) => (
                  <tr key={x.equivalenceId} data-testid="recognition">
                    <th scope="row">
                      <strong>{x.hk.requirementId}</strong> {x.hk.title}
                      <br />
                      <small>
                        {t('recognitions.equivalence')} <code>{x.equivalenceId}</code>
                      </small>
                    </th>
                    <td>
                      {x.foreign.framework} {x.foreign.version} <strong>{x.foreign.requirementId}</strong> {x.foreign.title}
                      {!x.foreignVersionInForce && (
                        <>
                          <br />
                          <small>{t('recognitions.notInForceVersion')}</small>
                        </>
                      )}
                    </td>
                    <td>
                      <Badge tone={x.strength === 'FULL' ? 'good' : 'warn'}>{t(`strength.${x.strength}`)}</Badge>
                    </td>
                    <td>
                      <ConditionList conditions={x.conditions.map((c) => ({ key: c.id, id: c.id, text: c.text }))} />
                    </td>
                    <td>{format.date(x.countersignedAt)}</td>
                    <td>
                      {format.date(x.effectiveFrom)} – {x.effectiveUntil ? format.date(x.effectiveUntil) : t('common.noEnd')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </>
  );
};
