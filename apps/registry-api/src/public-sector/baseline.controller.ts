import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';
import { BaselineCounts, PublicSectorBaseline } from '@registry/contract';
import { GetPublicSectorBaselineQuery } from './queries/public-sector.queries';

/** The CSV columns, in order (one row per bureau, then one OVERALL row). */
export const BASELINE_CSV_COLUMNS = [
  'as_of',
  'scope',
  'bureau',
  'registered',
  'audited',
  'in_progress',
  'overdue',
  'not_started',
  'high_stakes',
  'high_stakes_share',
  'findings_low',
  'findings_medium',
  'findings_high',
  'findings_critical',
] as const;

const row = (asOf: string, scope: 'BUREAU' | 'OVERALL', bureau: string, c: BaselineCounts) => [
  asOf,
  scope,
  bureau,
  c.registered,
  c.audited,
  c.inProgress,
  c.overdue,
  c.notStarted,
  c.highStakes,
  c.highStakesShare.toFixed(4),
  c.findingsByRisk.low,
  c.findingsByRisk.medium,
  c.findingsByRisk.high,
  c.findingsByRisk.critical,
];

/** `?asOf=` as an instant, or now; anything else is refused (400), never judged at a guessed date. */
const asOfParam = (asOf: unknown): string => {
  if (asOf === undefined) return new Date().toISOString();
  const t = typeof asOf === 'string' && /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(asOf) ? Date.parse(asOf) : NaN;
  if (Number.isNaN(t)) throw new BadRequestException('asOf must be an ISO-8601 date or instant, e.g. 2026-12-31 or 2026-12-31T00:00:00Z');
  return new Date(t).toISOString();
};

/**
 * The public-sector audit baseline over plain HTTP, for spreadsheets and open-data portals: RFC 4180 CSV
 * (csv-stringify: CRLF line ends, fields quoted when they hold a comma, quote or line break) and JSON, the same
 * numbers as the `publicSectorBaseline` query. Public; no token needed.
 */
@Controller('public-sector')
export class BaselineController {
  constructor(private readonly queries: QueryBus) {}

  private baseline(asOf: unknown): Promise<PublicSectorBaseline> {
    return this.queries.execute(new GetPublicSectorBaselineQuery(asOfParam(asOf)));
  }

  @Get('baseline.csv')
  async csv(@Query('asOf') asOf: unknown, @Res() res: Response): Promise<void> {
    const b = await this.baseline(asOf);
    const at = b.asOf.toISOString();
    const rows = [...b.bureaus.map((x) => row(at, 'BUREAU', x.bureau, x.counts)), row(at, 'OVERALL', '', b.overall)];
    // A bureau name starting with = + - @ would run as a formula in a spreadsheet: csv-stringify's `escape_formulas` prefixes a quote.
    const body = stringify(rows, { header: true, columns: [...BASELINE_CSV_COLUMNS], record_delimiter: 'windows', escape_formulas: true });
    res
      .status(200)
      .set({
        'Content-Type': 'text/csv; charset=utf-8; header=present',
        'Content-Disposition': 'attachment; filename="public-sector-baseline.csv"',
        'Cache-Control': 'no-store',
      })
      .send(body);
  }

  @Get('baseline.json')
  async json(@Query('asOf') asOf: unknown, @Res() res: Response): Promise<void> {
    const b = await this.baseline(asOf);
    res.status(200).set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).send(JSON.stringify(b));
  }
}
