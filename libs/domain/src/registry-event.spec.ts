import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNever, DomainEvent } from '@registry/kernel';
import { FirmRegistered } from './firm/firm.events';
import { isRegistryEventType, REGISTRY_EVENT_TYPES, RegistryEvent, RegistryEventOf, toDomainEvent } from './registry-event';

/** The event types declared in every decider's events file (libs/domain/src/<decider>/*.events.ts). */
const declaredEventTypes = (): string[] =>
  readdirSync(__dirname, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(__dirname, d.name))
        .filter((f) => f.endsWith('.events.ts'))
        .flatMap((f) => [...readFileSync(join(__dirname, d.name, f), 'utf8').matchAll(/DomainEvent<\s*'(\w+)'/g)].map((m) => m[1])),
    );

describe('RegistryEvent', () => {
  it('holds every event type every decider declares, and nothing else', () => {
    const declared = declaredEventTypes();
    expect(declared.length).toBeGreaterThan(30);
    expect([...REGISTRY_EVENT_TYPES].sort()).toEqual([...new Set(declared)].sort());
  });

  it('toDomainEvent types a recorded event of a known type and keeps what the store recorded with it', () => {
    const recorded = {
      eventId: 'e1',
      streamVersion: 3,
      type: 'FirmRegistered',
      data: { firmId: 'acme', name: 'Acme', jurisdiction: 'HK', registeredAt: '2026-01-01T00:00:00.000Z' } as unknown,
    };
    const e = toDomainEvent(recorded);
    expect(e).toBe(recorded);
    if (e?.type !== 'FirmRegistered') throw new Error('expected FirmRegistered');
    const firmId: string = e.data.firmId; // narrowed by its type: no cast
    expect([firmId, e.streamVersion]).toEqual(['acme', 3]);
  });

  it('toDomainEvent answers null for a type no decider decides (so a consumer skips it)', () => {
    expect(toDomainEvent({ type: 'IdempotencyKeyClaimed', data: {} })).toBeNull();
    expect(toDomainEvent({ type: 'toString', data: {} })).toBeNull();
    expect(isRegistryEventType('hasOwnProperty')).toBe(false);
    expect(isRegistryEventType('TrainingDataProvenanceRecorded')).toBe(true);
  });
});

/*
 * Compile-time proof, checked by `npm run typecheck` (tsc covers spec files; jest does not type-check): a
 * consumer written over every member of today's union, with the `assertNever` default every consumer has,
 * stops compiling once a member is added that it does not handle. The `@ts-expect-error` lines fail the
 * typecheck if the error they expect goes away, i.e. if exhaustiveness stopped being enforced.
 */
type SomethingNew = DomainEvent<'SomethingNew', { readonly id: string }>;

/** Today's consumer shape: one grouped case for every member, assertNever in the default. */
export const consumer = (e: RegistryEvent | SomethingNew): string => {
  switch (e.type) {
    case 'FirmRegistered':
    case 'FirmRenamed':
    case 'FrameworkVersionPublished':
    case 'CertifierAccredited':
    case 'AccreditationSuspended':
    case 'AccreditationReinstated':
    case 'AccreditationWithdrawn':
    case 'ModelRegistered':
    case 'ModelVersionRegistered':
    case 'ModelVersionDeprecated':
    case 'CertificationIssued':
    case 'CertificationSuspended':
    case 'CertificationReinstated':
    case 'CertificationRevoked':
    case 'CertificationRenewed':
    case 'CertificationScopeAmended':
    case 'EquivalenceProposed':
    case 'EquivalenceCountersigned':
    case 'EquivalenceRejected':
    case 'EquivalenceWithdrawn':
    case 'RegulatorKeyRegistered':
    case 'RegulatorKeyWithdrawn':
    case 'WeightsLocalisationRecorded':
    case 'WeightsRelocated':
    case 'LocalisationWithdrawn':
    case 'DataTransferBasisRecorded':
    case 'DataTransferBasisWithdrawn':
    case 'ConditionEvidenceRecorded':
    case 'ConditionEvidenceWithdrawn':
    case 'TestSuitePublished':
    case 'SandboxRunRequested':
    case 'SandboxRunCompleted':
    case 'SandboxRunFailed':
    case 'PublicSectorSystemRegistered':
    case 'AuditCampaignOpened':
    case 'AuditorAssigned':
    case 'AuditOutcomeRecorded':
    case 'TrainingDataProvenanceRecorded':
      return e.type;
    default: {
      // What is left is exactly the new member: every member of today's union is handled above.
      const left: SomethingNew = e;
      // @ts-expect-error SomethingNew is not assignable to never: the new event fails to compile until handled.
      return assertNever(left);
    }
  }
};

/** The same check without a switch: removing one member from a handled union leaves it, and assertNever refuses it. */
export const missingOne = (e: RegistryEvent): void => {
  if (e.type !== 'FirmRegistered') return;
  const left: FirmRegistered = e;
  // @ts-expect-error FirmRegistered is not assignable to never.
  assertNever(left);
};

/** Type-level assertion: RegistryEventOf picks exactly one member. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
export const pickedExactly: Equals<RegistryEventOf<'FirmRegistered'>, FirmRegistered> = true;
