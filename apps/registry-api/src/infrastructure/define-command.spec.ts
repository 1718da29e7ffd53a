import { Injectable } from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { firmDecider, firmStreamId, modelDecider, modelStreamId } from '@registry/domain';
import { CommandMetadata } from '@registry/kernel';
import { CommandBuilder, CommandShell } from './command-shell';
import { defineCommand, SpecCommandHandler } from './define-command';

/** A context service of some feature module, found by the one handler through the module ref. */
@Injectable()
class KnownFirms {
  readonly ids = new Set(['acme']);
}

const RenameFirm = defineCommand({ decider: firmDecider, type: 'RenameFirm', stream: (request) => firmStreamId(request.firmId) });
const RegisterModel = defineCommand({
  decider: modelDecider,
  type: 'RegisterModel',
  stream: (request) => modelStreamId(request.modelId),
  request: (input: { modelId: string; firmId: string; name: string; generative: boolean }) => ({
    modelId: input.modelId,
    firmId: input.firmId,
    name: input.name,
    kind: { generative: input.generative, generalPurpose: false },
  }),
  lookUp: async (request, _decision, providers) => ({ context: { firmExists: providers(KnownFirms).ids.has(request.firmId) } }),
});

/** A look-up that depends on who asks (as recordAuditOutcome's does): the decision carries the caller. */
const RegisterAsCaller = defineCommand({
  decider: modelDecider,
  type: 'RegisterModel',
  stream: (request: { modelId: string; firmId: string; name: string; kind: { generative: boolean; generalPurpose: boolean } }) =>
    modelStreamId(request.modelId),
  lookUp: async (_request, { actor }) => ({ context: { firmExists: actor.role === 'REGISTRAR' } }),
});

const metadata: CommandMetadata = {
  actor: { subject: 'registrar-hk', role: 'REGISTRAR' },
  issuedAt: '2026-01-01T00:00:00.000Z',
  correlationId: 'c-1',
  causationId: null,
  commandId: 'cmd-1',
};

describe('defineCommand and the one SpecCommandHandler', () => {
  const sent: { streamId: string; decider: unknown; builder: CommandBuilder<unknown>; metadata: CommandMetadata }[] = [];
  let bus: CommandBus;

  beforeAll(async () => {
    const shell = {
      execute: async (streamId: string, decider: unknown, builder: CommandBuilder<unknown>, meta: CommandMetadata) => {
        sent.push({ streamId, decider, builder, metadata: meta });
        return { position: '7', nextExpectedVersion: 1 };
      },
    };
    const app = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      providers: [SpecCommandHandler, KnownFirms, { provide: CommandShell, useValue: shell }],
    }).compile();
    await app.init();
    bus = app.get(CommandBus);
  });

  beforeEach(() => sent.splice(0));

  it('routes every declared command to the one handler, on the stream and decider its spec names', async () => {
    await expect(bus.execute(new RenameFirm({ firmId: 'acme', name: 'Acme' }, metadata))).resolves.toEqual({ position: '7', nextExpectedVersion: 1 });
    await bus.execute(new RegisterModel({ modelId: 'm-1', firmId: 'acme', name: 'M', generative: true }, metadata));
    expect(sent.map((s) => [s.streamId, s.decider])).toEqual([
      [firmStreamId('acme'), firmDecider],
      [modelStreamId('m-1'), modelDecider],
    ]);
    expect(sent.every((s) => s.metadata === metadata)).toBe(true);
  });

  it('builds a plain command from the input as it is, at the decision time', async () => {
    await bus.execute(new RenameFirm({ firmId: 'acme', name: 'Acme' }, metadata));
    const [{ builder }] = sent;
    expect(builder.request).toEqual({ type: 'RenameFirm', data: { firmId: 'acme', name: 'Acme' } });
    const built = await builder.build({ issuedAt: '2026-02-02T00:00:00.000Z', read: { load: () => Promise.reject(new Error('no look-up')) } });
    expect(built).toEqual({ type: 'RenameFirm', data: { firmId: 'acme', name: 'Acme' }, actor: metadata.actor, issuedAt: '2026-02-02T00:00:00.000Z' });
  });

  it('fingerprints the mapped request without the look-up, and merges the look-up into each decision', async () => {
    await bus.execute(new RegisterModel({ modelId: 'm-1', firmId: 'nobody', name: 'M', generative: true }, metadata));
    const [{ builder }] = sent;
    const request = { modelId: 'm-1', firmId: 'nobody', name: 'M', kind: { generative: true, generalPurpose: false } };
    expect(builder.request).toEqual({ type: 'RegisterModel', data: request });
    const built = await builder.build({ issuedAt: metadata.issuedAt, read: { load: () => Promise.reject(new Error('no look-up')) } });
    expect(built).toEqual({ type: 'RegisterModel', data: { ...request, context: { firmExists: false } }, actor: metadata.actor, issuedAt: metadata.issuedAt });
  });

  it('gives a look-up the caller of the command', async () => {
    const request = { modelId: 'm-2', firmId: 'acme', name: 'M', kind: { generative: false, generalPurpose: false } };
    await bus.execute(new RegisterAsCaller(request, metadata));
    await bus.execute(new RegisterAsCaller(request, { ...metadata, actor: { subject: 'firm-acme', role: 'FIRM', scope: 'acme' } }));
    const decided = await Promise.all(
      sent.map((s) => s.builder.build({ issuedAt: metadata.issuedAt, read: { load: () => Promise.reject(new Error('no look-up')) } })),
    );
    expect(decided.map((c) => (c as { data: { context: unknown } }).data.context)).toEqual([{ firmExists: true }, { firmExists: false }]);
  });
});
