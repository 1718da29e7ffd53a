import { useMemo, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import { useGraphQL } from '../client';
import { AsOfField, Badge, ChoiceField, ColumnHeads, ConditionList, QueryState } from '../components';
import { parseDay } from '../dates';
import { targetJurisdictions, useFormat } from '../format';
import { useEnumLabel } from '../labels';
import { lineTone, readinessTone } from './tones';

/** The choices: model versions and use cases from the certifications, jurisdictions from the frameworks. */
const ExplainOptions = graphql(`
  query WebExplainOptions {
    certifications(first: 100) {
      edges {
        node {
          modelId
          modelVersion
          scope {
            useCases
          }
        }
      }
    }
    frameworks {
      id
      jurisdiction
    }
  }
`);

const ExplainQuery = graphql(`
  query WebExportReadiness($input: ExportReadinessInput!) {
    exportReadiness(input: $input) {
      modelId
      version
      jurisdiction
      useCase
      asOf
      computedAt
      status
      blocker
      modelVersionDeprecated
      validUntil
      frameworks {
        framework
        version
      }
      lines {
        status
        reason
        requirement {
          framework
          version
          requirementId
          title
        }
        via {
          equivalenceId
          hkRequirementId
          certificationId
        }
        unmetConditions {
          equivalenceId
          conditionId
          text
        }
      }
      integrity {
        code
        subject
      }
    }
  }
`);

export const ExplainPage = () => {
  const { t } = useTranslation();
  const format = useFormat();
  const label = useEnumLabel();
  const [params, setParams] = useSearchParams();
  const options = useGraphQL(ExplainOptions, {});
  const modelVersions = useMemo(() => {
    const byKey = new Map<string, { modelId: string; version: string; useCases: Set<string> }>();
    for (const { node } of options.data?.certifications.edges ?? []) {
      const key = `${node.modelId}@${node.modelVersion}`;
      const entry = byKey.get(key) ?? { modelId: node.modelId, version: node.modelVersion, useCases: new Set<string>() };
      node.scope.useCases.forEach((u) => entry.useCases.add(u));
      byKey.set(key, entry);
    }
    return [...byKey.values()];
  }, [options.data]);
  const jurisdictions = targetJurisdictions(options.data?.frameworks ?? []);

  // The day the address asks for; one that is not a day is said next to the field, and nothing is asked for it.
  const day = parseDay(params.get('date'));
  const [form, setForm] = useState({
    model: params.get('model') && params.get('version') ? `${params.get('model')}@${params.get('version')}` : '',
    jurisdiction: params.get('jurisdiction') ?? '',
    useCase: params.get('useCase') ?? '',
    date: day.kind === 'day' ? day.day : '',
  });
  const chosen = modelVersions.find((m) => `${m.modelId}@${m.version}` === form.model);
  const useCases = chosen ? [...chosen.useCases].sort() : [...new Set(modelVersions.flatMap((m) => [...m.useCases]))].sort();

  const asked = {
    modelId: params.get('model') ?? '',
    version: params.get('version') ?? '',
    jurisdiction: params.get('jurisdiction') ?? '',
    useCase: params.get('useCase') ?? '',
    asOf: day.kind === 'day' ? day.instant : null,
  };
  const complete = !!(asked.modelId && asked.version && asked.jurisdiction && asked.useCase);
  const verdict = useGraphQL(ExplainQuery, { input: asked }, { enabled: complete && day.kind !== 'invalid' });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [model, version] = form.model.split('@');
    const next = new URLSearchParams({ model: model ?? '', version: version ?? '', jurisdiction: form.jurisdiction, useCase: form.useCase });
    if (form.date) next.set('date', form.date);
    setParams(next);
  };
  const v = verdict.data?.exportReadiness;

  return (
    <>
      <h1>{t('explain.title')}</h1>
      <p>{t('explain.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <ChoiceField
          id="explain-model"
          label={t('explain.model')}
          prompt={t('explain.chooseModel')}
          value={form.model}
          choices={modelVersions.map((m) => `${m.modelId}@${m.version}`)}
          labelOf={(key) => key.replace('@', ' ')}
          onChange={(model) => setForm({ ...form, model })}
        />
        <ChoiceField
          id="explain-jurisdiction"
          label={t('explain.jurisdiction')}
          value={form.jurisdiction}
          choices={jurisdictions}
          onChange={(jurisdiction) => setForm({ ...form, jurisdiction })}
        />
        <ChoiceField
          id="explain-use-case"
          label={t('explain.useCase')}
          value={form.useCase}
          choices={useCases}
          onChange={(useCase) => setForm({ ...form, useCase })}
        />
        <AsOfField
          id="explain-date"
          value={form.date}
          onChange={(date) => setForm({ ...form, date })}
          refused={day.kind === 'invalid' ? day.value : undefined}
        />
        <button type="submit">{t('common.submit')}</button>
      </form>
      <QueryState loading={complete && verdict.isLoading} error={verdict.error ?? options.error} />
      {v && (
        <section aria-labelledby="verdict-heading" className="verdict">
          <h2 id="verdict-heading">
            {t('explain.verdict')}:{' '}
            <Badge tone={readinessTone(v.status)} testId="verdict-status">
              {t(`readiness.${v.status}`)}
            </Badge>
          </h2>
          <p>
            {v.modelId} {v.version} → {v.jurisdiction} · {v.useCase} · {format.dateTime(v.asOf)}
          </p>
          <p>{t(`readinessText.${v.status}`)}</p>
          {v.blocker && (
            <p role="alert">
              {t('explain.blocker')}: {label('blocker', v.blocker)}
            </p>
          )}
          {v.modelVersionDeprecated && <p>{t('explain.deprecated')}</p>}
          <dl className="facts">
            <dt>{t('explain.validUntil')}</dt>
            <dd data-testid="verdict-valid-until">{v.validUntil ? format.dateTime(v.validUntil) : t('explain.validUntilNone')}</dd>
            <dt>{t('explain.frameworks')}</dt>
            <dd>{v.frameworks.length ? format.list(v.frameworks.map((f) => `${f.framework} ${f.version}`)) : t('common.none')}</dd>
            <dt>{t('common.computedAt')}</dt>
            <dd>
              <code>{v.computedAt}</code>
            </dd>
          </dl>
          {v.integrity.length > 0 && (
            <>
              <h3>{t('explain.integrity')}</h3>
              <ul>
                {v.integrity.map((i) => (
                  <li key={`${i.code}-${i.subject}`}>
                    {label('integrity', i.code)} (<code>{i.subject}</code>)
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3 id="lines-heading">{t('explain.lines')}</h3>
          {v.lines.length === 0 ? (
            <p>{t('explain.noLines')}</p>
          ) : (
            <table className="lines" aria-labelledby="lines-heading">
              <ColumnHeads labels={[t('explain.requirement'), t('explain.lineStatus'), t('explain.reason'), t('explain.via'), t('explain.conditions')]} />
              <tbody>
                {v.lines.map((l) => (
                  <tr key={`${l.requirement.framework}-${l.requirement.requirementId}`} data-testid="readiness-line" data-status={l.status}>
                    <th scope="row">
                      <Link to={`/frameworks/${encodeURIComponent(l.requirement.framework)}`}>{l.requirement.framework}</Link> {l.requirement.version}{' '}
                      <strong>{l.requirement.requirementId}</strong>
                      <br />
                      {l.requirement.title}
                    </th>
                    <td>
                      <Badge tone={lineTone(l.status)}>{t(`lineStatus.${l.status}`)}</Badge>
                    </td>
                    <td>{label('reason', l.reason)}</td>
                    <td>
                      {l.via ? t('explain.viaText', { hk: l.via.hkRequirementId, equivalence: l.via.equivalenceId }) : '—'}
                      {l.via?.certificationId && (
                        <>
                          <br />
                          <Link to={`/certifications/${encodeURIComponent(l.via.certificationId)}`}>{l.via.certificationId}</Link>
                        </>
                      )}
                    </td>
                    <td>
                      <ConditionList
                        conditions={l.unmetConditions.map((c) => ({ key: `${c.equivalenceId}-${c.conditionId}`, id: c.conditionId, text: c.text }))}
                      />
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
