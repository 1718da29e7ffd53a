import { Actor } from '@registry/kernel';
import { deciderSpec } from '@registry/kernel/testing/decider-spec';
import { modelDecider } from './model.decider';
import { ModelEvent } from './model.events';
import { acme, globex, registrar, cb1 as certifier, at } from '../testing/parties';

const digestA = 'sha256:' + 'a'.repeat(64);
const digestB = 'sha256:' + 'b'.repeat(64);
const kind = { generative: true, generalPurpose: false };

const registered: ModelEvent = { type: 'ModelRegistered', data: { modelId: 'lendwise', firmId: 'acme', name: 'LendWise', kind, registeredAt: at } };
const v1: ModelEvent = { type: 'ModelVersionRegistered', data: { modelId: 'lendwise', version: '1.0', weightsDigest: digestA, registeredAt: at } };
const deprecated: ModelEvent = { type: 'ModelVersionDeprecated', data: { modelId: 'lendwise', version: '1.0', reason: 'superseded', deprecatedAt: at } };
const spec = deciderSpec(modelDecider);

const register = (actor: Actor, firmExists = true, modelId = 'lendwise') => ({
  type: 'RegisterModel' as const,
  data: { modelId, firmId: 'acme', name: 'LendWise', kind, context: { firmExists } },
  actor,
  issuedAt: at,
});
const version = (actor: Actor, v = '1.0', weightsDigest = digestA) => ({
  type: 'RegisterModelVersion' as const,
  data: { modelId: 'lendwise', version: v, weightsDigest },
  actor,
  issuedAt: at,
});
const deprecate = (actor: Actor, reason = 'superseded') => ({
  type: 'DeprecateModelVersion' as const,
  data: { modelId: 'lendwise', version: '1.0', reason },
  actor,
  issuedAt: at,
});

describe('model decider', () => {
  it('lets a firm register its model', () => spec.given([]).when(register(acme)).then([registered]));
  it('refuses another firm, the registrar and certifiers registering for it', () => {
    for (const actor of [globex, registrar, certifier]) spec.given([]).when(register(actor)).thenFails('MODEL.NOT_OWNER');
  });
  it('refuses an unknown firm, a duplicate and a bad id', () => {
    spec.given([]).when(register(acme, false)).thenFails('MODEL.FIRM_NOT_FOUND');
    spec.given([registered]).when(register(acme)).thenFails('MODEL.ALREADY_REGISTERED');
    spec
      .given([])
      .when(register(acme, true, 'Lend Wise'))
      .thenFails('MODEL.INVALID');
  });
  it('binds a version to one weights digest', () => spec.given([registered]).when(version(acme)).then([v1]));
  it('refuses versions from others, on unknown models, duplicates, reused weights and bad digests', () => {
    spec.given([registered]).when(version(globex)).thenFails('MODEL.NOT_OWNER');
    spec.given([]).when(version(acme)).thenFails('MODEL.NOT_FOUND');
    spec
      .given([registered, v1])
      .when(version(acme, '1.0', digestB))
      .thenFails('MODEL.VERSION_EXISTS');
    spec
      .given([registered, v1])
      .when(version(acme, '2.0', digestA))
      .thenFails('MODEL.DIGEST_ALREADY_VERSIONED');
    spec
      .given([registered])
      .when(version(acme, '1.0', 'sha256:XYZ'))
      .thenFails('INPUT.INVALID_DIGEST');
    spec
      .given([registered])
      .when(version(acme, '1.0', 'a'.repeat(64)))
      .thenFails('INPUT.INVALID_DIGEST');
  });
  it('deprecates a version (the firm or the registrar), once', () => {
    spec.given([registered, v1]).when(deprecate(acme)).then([deprecated]);
    spec.given([registered, v1]).when(deprecate(registrar)).then([deprecated]);
    spec.given([registered, v1, deprecated]).when(deprecate(acme)).thenFails('MODEL.VERSION_DEPRECATED');
    spec.given([registered]).when(deprecate(acme)).thenFails('MODEL.VERSION_NOT_FOUND');
    spec.given([registered, v1]).when(deprecate(globex)).thenFails('MODEL.NOT_OWNER');
    spec.given([registered, v1]).when(deprecate(acme, '')).thenFails('MODEL.INVALID');
  });
});
