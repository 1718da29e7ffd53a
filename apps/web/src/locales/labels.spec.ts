import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { REGISTRY_EVENT_TYPES } from '@registry/domain/registry-event';
import { fieldKey, reasonKey } from '../api-errors';
import { en } from './en';
import { zhHant } from './zh-Hant';

/**
 * Every value of the enums the web registry shows has a label in English and in Traditional Chinese: a value added
 * to schema/*.graphql fails here (the page would show the bare code) until both locales name it.
 */
const schemaDir = join(__dirname, '..', '..', '..', '..', 'schema');
const enums = new Map(
  readdirSync(schemaDir)
    .filter((f) => f.endsWith('.graphql'))
    .flatMap((f) => parse(readFileSync(join(schemaDir, f), 'utf8')).definitions)
    .filter((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION)
    .map((d) => [d.name.value, (d.values ?? []).map((v) => v.name.value)]),
);

const SHOWN: Record<string, string[]> = {
  CertificationStatus: ['status', 'statusText'],
  RiskTier: ['riskTier'],
  RequirementOutcome: ['outcome'],
  Role: ['role'],
  CertifierStatus: ['certifierStatus'],
  RecordStatus: ['recordStatus'],
  ReadinessStatus: ['readiness', 'readinessText'],
  LineStatus: ['lineStatus'],
  ReadinessReason: ['reason'],
  ReadinessBlocker: ['blocker'],
  IntegrityCode: ['integrity'],
  EquivalenceStrength: ['strength'],
  DirectSatisfactionKind: ['frameworks'],
  AuditStanding: ['auditStanding'],
  RiskRating: ['riskRating'],
  LegalBasis: ['legalBasis'],
  SandboxRunStatus: ['sandboxStatus'],
  SandboxRunMode: ['sandboxMode'],
  SandboxMetric: ['sandboxMetric'],
};

const labelOf = (messages: Record<string, any>, group: string, value: string): unknown => messages[group]?.[value];

describe('web registry labels', () => {
  it.each(Object.entries(SHOWN))('%s: every value has an English and a Chinese label', (enumName, groups) => {
    const values = enums.get(enumName);
    expect(values?.length).toBeGreaterThan(0);
    const missing = groups.flatMap((group) =>
      values!.flatMap((value) => [
        ...(typeof labelOf(en, group, value) === 'string' ? [] : [`en ${group}.${value}`]),
        ...(typeof labelOf(zhHant, group, value) === 'string' ? [] : [`zh-Hant ${group}.${value}`]),
      ]),
    );
    expect(missing).toEqual([]);
  });

  it('every event type of the log (libs/domain RegistryEvent) has a label in both languages, for the histories', () => {
    expect(REGISTRY_EVENT_TYPES.length).toBeGreaterThan(30);
    const missing = REGISTRY_EVENT_TYPES.flatMap((type) => [
      ...(typeof labelOf(en, 'eventType', type) === 'string' ? [] : [`en eventType.${type}`]),
      ...(typeof labelOf(zhHant, 'eventType', type) === 'string' ? [] : [`zh-Hant eventType.${type}`]),
    ]);
    expect(missing).toEqual([]);
    // No label for an event the log cannot hold (a renamed event would leave its old label behind).
    expect(Object.keys(en.eventType).filter((type) => !REGISTRY_EVENT_TYPES.includes(type as never))).toEqual([]);
  });

  it('the refusals the pages can meet have a sentence in both languages; an unknown reason gets the generic one', () => {
    const at = (messages: Record<string, any>, key: string): unknown => key.split('.').reduce<any>((node, part) => node?.[part], messages);
    const reasons = [
      'INPUT.INVALID',
      'INPUT.INVALID_SCALAR',
      'INPUT.INVALID_DATE',
      'INPUT.INVALID_USE_CASE',
      'INPUT.INVALID_CURSOR',
      'INPUT.INVALID_PAGE_SIZE',
      'QUERY.TOO_COSTLY',
      'RATE_LIMIT.EXCEEDED',
      'REQUEST.MALFORMED',
      'CERTIFICATION.NOT_ACTIVE',
      'READINESS.UNAVAILABLE',
      'INTERNAL',
    ];
    for (const reason of reasons) {
      const key = reasonKey(reason);
      expect([reason, key]).toEqual([reason, `apiError.reasons.${reason}`]);
      expect([reason, typeof at(en, key), typeof at(zhHant, key)]).toEqual([reason, 'string', 'string']);
    }
    // Unknown or malformed codes, a family without its code, a prototype's property: the generic sentence.
    for (const reason of [
      undefined,
      '',
      'HTTP.502',
      'FIRM.NEW_CODE',
      'INPUT',
      'INPUT.',
      'INPUT.INVALID.X',
      'input.invalid',
      'QUERY.constructor',
      'constructor',
      '__proto__',
    ]) {
      expect([reason, reasonKey(reason)]).toEqual([reason, 'apiError.fallback']);
    }
    expect(reasonKey('NETWORK')).toBe('apiError.network');
    expect([fieldKey('jurisdiction'), fieldKey('input.useCase'), fieldKey('toString'), fieldKey('secret')]).toEqual([
      'apiError.fields.jurisdiction',
      'apiError.fields.useCase',
      null,
      null,
    ]);
  });

  it('the Chinese labels are not the English ones left untranslated', () => {
    const pairs: [string, string, string][] = [];
    const walk = (a: Record<string, any>, b: Record<string, any>, path: string) => {
      for (const key of Object.keys(a)) typeof a[key] === 'string' ? pairs.push([`${path}${key}`, a[key], b[key]]) : walk(a[key], b[key], `${path}${key}.`);
    };
    walk(en, zhHant, '');
    // Labels that are codes or names in both languages (a jurisdiction code, "HK-AI") may be equal; sentences may not.
    const untranslated = pairs.filter(([, english, chinese]) => english === chinese && /[a-z]{3,} [a-z]{3,}/.test(english)).map(([key]) => key);
    expect(untranslated).toEqual([]);
  });
});
