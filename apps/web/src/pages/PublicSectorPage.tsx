import { useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { graphql } from '../gql';
import type { WebPublicSectorBaselineQuery } from '../gql/graphql';
import { useGraphQL } from '../client';
import { AsOfField, Badge, ColumnHeads, QueryState, type Tone } from '../components';
import { parseDay } from '../dates';
import { useFormat } from '../format';

const BaselineQuery = graphql(`
  query WebPublicSectorBaseline($asOf: DateTime) {
    publicSectorBaseline(asOf: $asOf) {
      asOf
      overall {
        ...WebBaselineCounts
      }
      bureaus {
        bureau
        counts {
          ...WebBaselineCounts
        }
      }
      systems {
        systemId
        bureau
        highStakes
        standing
        campaignId
        deadline
        riskRating
        auditedAt
      }
    }
  }
  fragment WebBaselineCounts on BaselineCounts {
    registered
    audited
    inProgress
    overdue
    notStarted
    highStakes
    highStakesShare
    findingsByRisk {
      low
      medium
      high
      critical
    }
  }
`);

type Baseline = WebPublicSectorBaselineQuery['publicSectorBaseline'];
type Counts = Baseline['overall'];
type Row = { bureau: string; overall: boolean; counts: Counts };

const STANDINGS = ['audited', 'inProgress', 'overdue', 'notStarted'] as const;
const RISKS = ['low', 'medium', 'high', 'critical'] as const;
/** Fills with at least 3:1 contrast against white (WCAG 1.4.11); every bar is also named in words and in a table. */
const STANDING_FILL: Record<(typeof STANDINGS)[number], string> = { audited: '#0b6b2f', inProgress: '#0b4f8a', overdue: '#a1151f', notStarted: '#6b6b73' };
const RISK_FILL: Record<(typeof RISKS)[number], string> = { low: '#0b6b2f', medium: '#7a4a00', high: '#a1151f', critical: '#5c0a12' };
const standingTone = (standing: string): Tone =>
  standing === 'AUDITED' ? 'good' : standing === 'IN_PROGRESS' ? 'neutral' : standing === 'OVERDUE' ? 'bad' : 'warn';

/** A chart as an inline SVG image: its name and a sentence per bar are its text alternative (the table beside it holds the numbers). */
const Chart = ({ id, title, summary, height, children }: { id: string; title: string; summary: string; height: number; children: ReactNode }) => (
  <svg
    role="img"
    aria-labelledby={`${id}-title ${id}-desc`}
    viewBox={`0 0 640 ${height}`}
    width="100%"
    style={{ maxWidth: '40rem', height: 'auto' }}
    data-testid={id}
  >
    <title id={`${id}-title`}>{title}</title>
    <desc id={`${id}-desc`}>{summary}</desc>
    {children}
  </svg>
);

const LABEL_WIDTH = 200;
const BAR_WIDTH = 360;
const ROW = 34;

/** Per bureau and overall: one bar of the registered systems, split by audit standing (bar length = systems). */
const StandingsChart = ({ rows }: { rows: Row[] }) => {
  const { t } = useTranslation();
  const max = Math.max(1, ...rows.map((r) => r.counts.registered));
  const legendY = rows.length * ROW + 10;
  const summary = rows.map((r) => t('publicSector.standingsSummary', { bureau: r.bureau, ...r.counts })).join(' ');
  return (
    <Chart id="chart-standings" title={t('publicSector.standingsChart')} summary={summary} height={legendY + 30}>
      {rows.map((r, i) => {
        let x = LABEL_WIDTH;
        return (
          <g key={r.bureau} transform={`translate(0 ${i * ROW})`}>
            <text x={LABEL_WIDTH - 8} y={20} textAnchor="end" fontSize="13" fontWeight={r.overall ? 700 : 400} fill="#1b1b1f">
              {r.bureau}
            </text>
            {STANDINGS.map((key) => {
              const width = (r.counts[key] / max) * BAR_WIDTH;
              const rect = width > 0 && <rect key={key} x={x} y={6} width={width} height={20} fill={STANDING_FILL[key]} stroke="#fff" />;
              x += width;
              return rect;
            })}
            <text x={x + 6} y={20} fontSize="13" fill="#1b1b1f">
              {r.counts.registered}
            </text>
          </g>
        );
      })}
      {STANDINGS.map((key, i) => (
        <g key={key} transform={`translate(${i * 150} ${legendY})`}>
          <rect width="14" height="14" fill={STANDING_FILL[key]} />
          <text x="20" y="12" fontSize="13" fill="#1b1b1f">
            {t(`publicSector.${key}`)}
          </text>
        </g>
      ))}
    </Chart>
  );
};

/** Per bureau and overall: the high-stakes share, as a bar out of 100 %. */
const ShareChart = ({ rows, percent }: { rows: Row[]; percent: (share: number) => string }) => {
  const { t } = useTranslation();
  const summary = rows
    .map((r) =>
      t('publicSector.shareSummary', {
        bureau: r.bureau,
        highStakes: r.counts.highStakes,
        registered: r.counts.registered,
        share: percent(r.counts.highStakesShare),
      }),
    )
    .join(' ');
  return (
    <Chart id="chart-share" title={t('publicSector.shareChart')} summary={summary} height={rows.length * ROW + 6}>
      {rows.map((r, i) => (
        <g key={r.bureau} transform={`translate(0 ${i * ROW})`}>
          <text x={LABEL_WIDTH - 8} y={20} textAnchor="end" fontSize="13" fontWeight={r.overall ? 700 : 400} fill="#1b1b1f">
            {r.bureau}
          </text>
          <rect x={LABEL_WIDTH} y={6} width={BAR_WIDTH} height={20} fill="none" stroke="#6b6b73" />
          <rect x={LABEL_WIDTH} y={6} width={r.counts.highStakesShare * BAR_WIDTH} height={20} fill="#8a1538" />
          <text x={LABEL_WIDTH + BAR_WIDTH + 6} y={20} fontSize="13" fill="#1b1b1f">
            {percent(r.counts.highStakesShare)}
          </text>
        </g>
      ))}
    </Chart>
  );
};

/** Overall: the findings of the audited systems, one column per risk. */
const FindingsChart = ({ findings }: { findings: Counts['findingsByRisk'] }) => {
  const { t } = useTranslation();
  const max = Math.max(1, ...RISKS.map((k) => findings[k]));
  const plot = 140;
  const top = 20; // room for the count above the tallest column
  return (
    <Chart id="chart-findings" title={t('publicSector.findingsChart')} summary={t('publicSector.findingsSummary', findings)} height={top + plot + 50}>
      <g transform={`translate(0 ${top})`}>
        <line x1="20" y1={plot + 10} x2="620" y2={plot + 10} stroke="#6b6b73" />
        {RISKS.map((key, i) => {
          const h = (findings[key] / max) * plot;
          const x = 40 + i * 150;
          return (
            <g key={key}>
              <rect x={x} y={plot + 10 - h} width="90" height={h} fill={RISK_FILL[key]} />
              <text x={x + 45} y={plot + 4 - h} textAnchor="middle" fontSize="13" fill="#1b1b1f">
                {findings[key]}
              </text>
              <text x={x + 45} y={plot + 30} textAnchor="middle" fontSize="13" fill="#1b1b1f">
                {t(`riskRating.${key.toUpperCase() as 'LOW'}`)}
              </text>
            </g>
          );
        })}
      </g>
    </Chart>
  );
};

/**
 * The public-sector AI audit baseline (`publicSectorBaseline`), per bureau and overall, on a date (default now):
 * three charts (inline SVG, each with its text alternative), the numbers in a table, each system's standing, and
 * the CSV/JSON exports for the same instant.
 */
const PublicSectorPage = () => {
  const [params, setParams] = useSearchParams();
  const { t } = useTranslation();
  const format = useFormat();
  // The day the address asks for; one that is not a day is said next to the field, and nothing is asked for it.
  const day = parseDay(params.get('date'));
  const [form, setForm] = useState(day.kind === 'day' ? day.day : '');
  const asOf = day.kind === 'day' ? day.instant : null;
  const { data, isLoading, error } = useGraphQL(BaselineQuery, { asOf }, { enabled: day.kind !== 'invalid' });
  const b = data?.publicSectorBaseline;
  const percentFormat = new Intl.NumberFormat(format.locale, { style: 'percent', maximumFractionDigits: 1 });
  const percent = (share: number) => percentFormat.format(share);
  const exportQuery = asOf ? `?asOf=${encodeURIComponent(asOf)}` : '';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setParams(form ? { date: form } : {});
  };

  const rows: Row[] = b
    ? [
        ...b.bureaus.map((x) => ({ bureau: x.bureau, overall: false, counts: x.counts })),
        { bureau: t('publicSector.overall'), overall: true, counts: b.overall },
      ]
    : [];

  return (
    <>
      <h1>{t('publicSector.title')}</h1>
      <p>{t('publicSector.intro')}</p>
      <form className="filters" onSubmit={submit}>
        <AsOfField id="baseline-date" value={form} onChange={setForm} refused={day.kind === 'invalid' ? day.value : undefined} />
        <button type="submit">{t('common.submit')}</button>
      </form>
      <QueryState loading={isLoading} error={error} />
      {b && (
        <>
          <p data-testid="baseline-as-of">{t('publicSector.asOfIs', { date: format.dateTime(b.asOf) })}</p>
          <p>
            {t('publicSector.downloads')}:{' '}
            <a href={`/public-sector/baseline.csv${exportQuery}`} data-testid="baseline-csv">
              {t('publicSector.csv')}
            </a>{' '}
            ·{' '}
            <a href={`/public-sector/baseline.json${exportQuery}`} data-testid="baseline-json">
              {t('publicSector.json')}
            </a>
          </p>
          {b.overall.registered === 0 ? (
            <p>{t('publicSector.noSystems')}</p>
          ) : (
            <>
              <section aria-labelledby="standings-heading">
                <h2 id="standings-heading">{t('publicSector.standingsChart')}</h2>
                <StandingsChart rows={rows} />
              </section>
              <section aria-labelledby="share-heading">
                <h2 id="share-heading">{t('publicSector.shareChart')}</h2>
                <ShareChart rows={rows} percent={percent} />
              </section>
              <section aria-labelledby="findings-heading">
                <h2 id="findings-heading">{t('publicSector.findingsChart')}</h2>
                <FindingsChart findings={b.overall.findingsByRisk} />
              </section>
            </>
          )}
          <h2 id="numbers-heading">{t('publicSector.numbers')}</h2>
          <div style={{ overflowX: 'auto' }}>
            <table aria-labelledby="numbers-heading" data-testid="baseline-table">
              <thead>
                <tr>
                  <th scope="col">{t('publicSector.bureau')}</th>
                  <th scope="col">{t('publicSector.registered')}</th>
                  {STANDINGS.map((key) => (
                    <th scope="col" key={key}>
                      {t(`publicSector.${key}`)}
                    </th>
                  ))}
                  <th scope="col">{t('publicSector.highStakes')}</th>
                  <th scope="col">{t('publicSector.highStakesShare')}</th>
                  {RISKS.map((key) => (
                    <th scope="col" key={key}>
                      {t('publicSector.findings')}: {t(`riskRating.${key.toUpperCase() as 'LOW'}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.bureau} data-testid="baseline-row" data-overall={r.overall}>
                    <th scope="row">{r.overall ? <strong>{r.bureau}</strong> : r.bureau}</th>
                    <td data-key="registered">{r.counts.registered}</td>
                    {STANDINGS.map((key) => (
                      <td key={key} data-key={key}>
                        {r.counts[key]}
                      </td>
                    ))}
                    <td data-key="highStakes">{r.counts.highStakes}</td>
                    <td data-key="highStakesShare">{percent(r.counts.highStakesShare)}</td>
                    {RISKS.map((key) => (
                      <td key={key} data-key={key}>
                        {r.counts.findingsByRisk[key]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {b.systems.length > 0 && (
            <>
              <h2 id="systems-heading">{t('publicSector.systems')}</h2>
              <table aria-labelledby="systems-heading">
                <ColumnHeads
                  labels={[
                    t('publicSector.system'),
                    t('publicSector.bureau'),
                    t('publicSector.highStakes'),
                    t('publicSector.standing'),
                    t('publicSector.campaign'),
                    t('publicSector.deadline'),
                    t('publicSector.riskRating'),
                  ]}
                />
                <tbody>
                  {b.systems.map((s) => (
                    <tr key={s.systemId} data-testid="baseline-system" data-standing={s.standing}>
                      <th scope="row">{s.systemId}</th>
                      <td>{s.bureau}</td>
                      <td>{s.highStakes ? t('common.yes') : t('common.no')}</td>
                      <td>
                        <Badge tone={standingTone(s.standing)}>{t(`auditStanding.${s.standing}`)}</Badge>
                      </td>
                      <td>{s.campaignId ?? t('common.none')}</td>
                      <td>{format.date(s.deadline)}</td>
                      <td>{s.riskRating ? t(`riskRating.${s.riskRating}`) : ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </>
  );
};

export default PublicSectorPage;
