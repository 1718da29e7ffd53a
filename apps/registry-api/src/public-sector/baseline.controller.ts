import { BadRequestException, Controller, Get, Req, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { Request, Response } from 'express';
import { BaselineCounts, PublicSectorBaseline } from '@registry/contract';
import { parseDateTime } from '../graphql/scalars';
import { GetPublicSectorBaselineQuery } from './queries/public-sector.queries';
import { csvRecords } from './safe-csv';

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

/** A bare RFC 3339 `full-date`: read as that day's midnight UTC, then checked by the same parser as an instant. */
const FULL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The query string: `asOf` at most once, nothing else. `?asOf=` is parsed by the GraphQL DateTime scalar's own
 * function (strict RFC 3339, a real calendar date), so `2027-02-30` is refused here as it is over GraphQL instead
 * of being rolled over to 2 March. A repeated `asOf` (`?asOf=a&asOf=b`, `?asOf[]=a`) or any other parameter is
 * refused rather than ignored: an answer for a date the caller did not ask for is worse than none.
 */
export const asOfParam = (query: Record<string, unknown>): string => {
  const other = Object.keys(query).find((key) => key !== 'asOf');
  if (other !== undefined) throw new BadRequestException(`unknown query parameter ${JSON.stringify(other)}: the only parameter is asOf, given once`);
  const asOf = query.asOf;
  if (asOf === undefined) return new Date().toISOString();
  if (typeof asOf !== 'string') throw new BadRequestException('asOf must be given once, as one date or instant, e.g. 2026-12-31 or 2026-12-31T00:00:00Z');
  try {
    return parseDateTime(FULL_DATE.test(asOf) ? `${asOf}T00:00:00Z` : asOf).toISOString();
  } catch (error) {
    // The scalar's own reason, said of asOf and of the value as sent (not as expanded from a bare date).
    const reason = (error as Error).message
      .replace(/, got .*$/s, '')
      .replace(/^DateTime must be/, 'it must be')
      .replace(/^DateTime keeps milliseconds; .*$/s, 'the registry keeps milliseconds, and this is more precise');
    const shown = JSON.stringify(asOf.length > 64 ? `${asOf.slice(0, 64)}…` : asOf);
    throw new BadRequestException(`asOf ${shown} is refused: ${reason} (or a date such as 2026-12-31, meaning its midnight UTC)`);
  }
};

/**
 * The public-sector audit baseline over plain HTTP, for spreadsheets and open-data portals: RFC 4180 CSV
 * (csvRecords: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF, formulas neutralised) and JSON, the same
 * numbers as the `publicSectorBaseline` query. Public; no token needed.
 */
@Controller('public-sector')
export class BaselineController {
  constructor(private readonly queries: QueryBus) {}

  private baseline(req: Request): Promise<PublicSectorBaseline> {
    return this.queries.execute(new GetPublicSectorBaselineQuery(asOfParam(req.query as Record<string, unknown>)));
  }

  @Get('baseline.csv')
  async csv(@Req() req: Request, @Res() res: Response): Promise<void> {
    const b = await this.baseline(req);
    const at = b.asOf.toISOString();
    const rows = [...b.bureaus.map((x) => row(at, 'BUREAU', x.bureau, x.counts)), row(at, 'OVERALL', '', b.overall)];
    // A bureau is free text: csvRecords quotes its line breaks and neutralises a leading = + - @ (see safe-csv.ts).
    const body = csvRecords([[...BASELINE_CSV_COLUMNS], ...rows]);
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
  async json(@Req() req: Request, @Res() res: Response): Promise<void> {
    const b = await this.baseline(req);
    res.status(200).set({ 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' }).send(JSON.stringify(b));
  }
}
