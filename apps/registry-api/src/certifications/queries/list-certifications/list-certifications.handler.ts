import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CertificationStatus } from '@registry/contract';
import { SqlExecutor } from '@registry/event-store';
import { canSeeRestricted } from '../../../auth/visibility';
import { encodeCursor, forwardPage } from '../../../graphql/pagination';
import { READ_DB } from '../../../infrastructure/event-store.providers';
import { CertificationRow, certificationStateOf } from '../../certification.projection';
import { toCertificationView } from '../../certification.view';
import { CertificationFilter, CertificationPage, ListCertificationsQuery } from './list-certifications.query';

/**
 * The status filter, judged at `now` (bound only where a condition uses it): EXPIRED is derived from valid_until, the same rule
 * as certificationStandingAt.
 */
const STATUS_CONDITION: Record<CertificationStatus, (now: () => string) => string> = {
  [CertificationStatus.ACTIVE]: (now) => `status = 'ACTIVE' AND valid_until > ${now()}`,
  [CertificationStatus.SUSPENDED]: (now) => `status = 'SUSPENDED' AND valid_until > ${now()}`,
  [CertificationStatus.EXPIRED]: (now) => `status <> 'REVOKED' AND valid_until <= ${now()}`,
  [CertificationStatus.REVOKED]: () => `status = 'REVOKED'`,
};

/** The WHERE clause and its parameters for a filter (`TRUE` for none). */
const where = (filter: CertificationFilter, now: Date): { sql: string; params: unknown[] } => {
  const params: unknown[] = [];
  const bind = (value: unknown) => `$${params.push(value)}`;
  const conditions: string[] = [];
  if (filter.modelId !== undefined) conditions.push(`model_id = ${bind(filter.modelId)}`);
  if (filter.modelVersion !== undefined) conditions.push(`model_version = ${bind(filter.modelVersion)}`);
  if (filter.firmId !== undefined) conditions.push(`firm_id = ${bind(filter.firmId)}`);
  if (filter.certifierId !== undefined) conditions.push(`certifier_id = ${bind(filter.certifierId)}`);
  if (filter.frameworkVersion !== undefined) conditions.push(`framework_version = ${bind(filter.frameworkVersion)}`);
  if (filter.status) conditions.push(STATUS_CONDITION[filter.status](() => `${bind(now)}::timestamptz`));
  return { sql: conditions.length ? conditions.join(' AND ') : 'TRUE', params };
};

/** Pages the certifications read model by id; statuses are judged now. */
@QueryHandler(ListCertificationsQuery)
export class ListCertificationsHandler implements IQueryHandler<ListCertificationsQuery> {
  constructor(@Inject(READ_DB) private readonly db: SqlExecutor) {}

  async execute({ filter, first, after, actor }: ListCertificationsQuery): Promise<CertificationPage> {
    const now = new Date();
    const { sql, params } = where(filter, now);
    const { rows } = await this.db.query<CertificationRow>(
      `SELECT * FROM rm_certifications WHERE ${sql} AND ($${params.length + 1}::text IS NULL OR certification_id > $${params.length + 1})
       ORDER BY certification_id LIMIT $${params.length + 2}`,
      [...params, after ?? null, first + 1],
    );
    const { rows: count } = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM rm_certifications WHERE ${sql}`, params);
    const before =
      after === undefined
        ? false
        : (
            await this.db.query<{ e: boolean }>(
              `SELECT EXISTS (SELECT 1 FROM rm_certifications WHERE ${sql} AND certification_id <= $${params.length + 1}) AS e`,
              [...params, after],
            )
          ).rows[0].e;
    const { page, pageInfo } = forwardPage(rows, first, (row) => row.certification_id, before);
    return {
      edges: page.map((row) => ({
        cursor: encodeCursor(row.certification_id),
        node: toCertificationView(certificationStateOf(row), {
          version: row.version,
          firmId: row.firm_id,
          now,
          entitled: canSeeRestricted(actor, { firmId: row.firm_id, certifierIds: [row.certifier_id] }),
        })!,
      })),
      pageInfo,
      totalCount: count[0].n,
    };
  }
}
