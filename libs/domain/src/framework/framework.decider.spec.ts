import { Actor, fold } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { PublishFrameworkVersion } from './framework.commands';
import { frameworkDecider, versionInForce } from './framework.decider';
import { FrameworkEvent } from './framework.events';
import { registrar, at } from '../testing/parties';

const regulator: Actor = { subject: 'eu', role: 'REGULATOR', scope: 'EU' };
const v1Data: PublishFrameworkVersion['data'] = {
  frameworkId: 'EU-AI-ACT',
  version: '2024/1689',
  jurisdiction: 'EU',
  title: 'AI Act (GPAI duties)',
  effectiveFrom: '2025-08-02T00:00:00.000Z',
  requirements: [{ id: 'ART-50', title: 'Transparency obligations', appliesWhen: { generative: true } }],
};
const publish = (over: Partial<PublishFrameworkVersion['data']> = {}, actor = registrar): PublishFrameworkVersion => ({
  type: 'PublishFrameworkVersion',
  data: { ...v1Data, ...over },
  actor,
  issuedAt: at,
});
const v1: FrameworkEvent = { type: 'FrameworkVersionPublished', data: { ...v1Data, publishedAt: at } };
const v2Data = { ...v1Data, version: '2024/1689-HR', effectiveFrom: '2027-12-02T00:00:00.000Z' };
const spec = deciderSpec(frameworkDecider);

describe('framework decider', () => {
  it('publishes a version', () => spec.given([]).when(publish()).then([v1]));
  it('publishes a later version, superseding the previous from its effective date', () =>
    spec
      .given([v1])
      .when(publish(v2Data))
      .then([{ type: 'FrameworkVersionPublished', data: { ...v2Data, publishedAt: at } }]));
  it('refuses anyone but the registrar', () => spec.given([]).when(publish({}, regulator)).thenFails('FRAMEWORK.REGISTRAR_ONLY'));
  it('never edits a version in place', () =>
    spec
      .given([v1])
      .when(publish({ title: 'changed' }))
      .thenFails('FRAMEWORK.VERSION_EXISTS'));
  it('refuses a version taking effect no later than the previous one', () =>
    spec
      .given([v1])
      .when(publish({ version: '2', effectiveFrom: v1Data.effectiveFrom }))
      .thenFails('FRAMEWORK.EFFECTIVE_DATE_NOT_AFTER_PREVIOUS'));
  it('refuses moving a framework to another jurisdiction', () =>
    spec
      .given([v1])
      .when(publish({ ...v2Data, jurisdiction: 'SG' }))
      .thenFails('FRAMEWORK.JURISDICTION_CHANGED'));
  it('refuses empty, duplicate or malformed requirements and bad ids', () => {
    spec
      .given([])
      .when(publish({ requirements: [] }))
      .thenFails('FRAMEWORK.NO_REQUIREMENTS');
    spec
      .given([])
      .when(publish({ requirements: [v1Data.requirements[0], v1Data.requirements[0]] }))
      .thenFails('FRAMEWORK.DUPLICATE_REQUIREMENT');
    spec
      .given([])
      .when(publish({ requirements: [{ id: 'art 50', title: 'x', appliesWhen: {} }] }))
      .thenFails('FRAMEWORK.INVALID');
    spec
      .given([])
      .when(publish({ frameworkId: 'eu act' }))
      .thenFails('FRAMEWORK.INVALID');
    spec
      .given([])
      .when(publish({ jurisdiction: 'Europe' }))
      .thenFails('FRAMEWORK.INVALID');
    spec
      .given([])
      .when(publish({ effectiveFrom: 'soon' }))
      .thenFails('FRAMEWORK.INVALID');
  });
  it('answers which version is in force at a date', () => {
    const state = fold(frameworkDecider, [v1, { type: 'FrameworkVersionPublished', data: { ...v2Data, publishedAt: at } }]);
    const versions = state.status === 'PUBLISHED' ? state.versions : [];
    expect(versionInForce(versions, '2025-01-01T00:00:00.000Z')).toBeUndefined();
    expect(versionInForce(versions, '2026-11-25T00:00:00.000Z')?.version).toBe('2024/1689');
    expect(versionInForce(versions, '2027-12-02T00:00:00.000Z')?.version).toBe('2024/1689-HR');
  });
});
