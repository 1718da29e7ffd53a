import { Injectable, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Command, CommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { Actor, CommandMetadata, Decider, DomainEvent } from '@registry/kernel';
import { CommandShell, DecisionInput } from './command-shell';

/** The data of the decider command named `T`. */
type DataOf<C, T> = Extract<C, { type: T }> extends { data: infer D } ? D : never;

/** A mutation's input as its command takes it: the idempotency key travels in the metadata. */
export type CommandInput<I> = Omit<I, 'idempotencyKey'>;

/** A provider of any module (a context service), for a look-up that needs one. */
export type Providers = <P>(token: Type<P>) => P;

/**
 * A mutation declared as data: which decider judges it, under which command type, on which stream; how the
 * caller's input becomes the request (default: as it is); and, for deciders that judge with facts from other
 * streams, how to look up the rest of the command's data (its `context`, a countersignature's `verification`)
 * for each decision, through the shell's tracking reader, so the streams it reads are conditions of the append.
 * The request is what the idempotency fingerprint sees; what is looked up is not part of it.
 */
export interface CommandSpec<C, T, R, I> {
  readonly decider: Decider<C, DomainEvent, unknown>;
  readonly type: T;
  readonly stream: (request: R) => string;
  readonly request?: (input: I) => R;
  readonly lookUp?: (request: R, decision: DecisionInput & { readonly actor: Actor }, providers: Providers) => Promise<Omit<DataOf<C, T>, keyof R>>;
}

/** The one bus command every declared mutation sends: its spec, the caller's input and who asks, when. */
export class SpecCommand extends Command<AppendResult> {
  constructor(
    readonly spec: CommandSpec<unknown, string, unknown, unknown>,
    readonly input: unknown,
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

/**
 * Declares a mutation's bus command: `new RegisterFirmCommand(input, metadata)` runs the spec through the one
 * handler below. The class is a subclass of SpecCommand, so the command bus (which finds a handler through the
 * class's metadata, inherited) routes it there; no handler class per use case.
 */
export const defineCommand = <C extends { type: string }, E extends DomainEvent, S, T extends C['type'], R = DataOf<C, T>, I = R>(
  spec: { readonly decider: Decider<C, E, S> } & Omit<CommandSpec<C, T, R, I>, 'decider'>,
) =>
  class extends SpecCommand {
    constructor(input: I, metadata: CommandMetadata) {
      super(spec as unknown as CommandSpec<unknown, string, unknown, unknown>, input, metadata);
    }
  };

/**
 * The one handler of every declared mutation: maps the input to the request, then lets the CommandShell load,
 * look up the context (if any), decide and append. (It cannot `implements ICommandHandler<T>`: a conditional type.)
 */
@Injectable()
@CommandHandler(SpecCommand)
export class SpecCommandHandler {
  private readonly providers: Providers = (token) => this.modules.get(token, { strict: false });

  constructor(
    private readonly shell: CommandShell,
    private readonly modules: ModuleRef,
  ) {}

  execute({ spec, input, metadata }: SpecCommand): Promise<AppendResult> {
    const request = spec.request ? spec.request(input) : input;
    const { lookUp } = spec;
    return this.shell.execute(
      spec.stream(request),
      spec.decider as Decider<{ type: string; data: unknown }, DomainEvent, unknown>,
      {
        request: { type: spec.type, data: request },
        build: async (decision) => ({
          type: spec.type,
          data: lookUp ? { ...(request as object), ...(await lookUp(request, { ...decision, actor: metadata.actor }, this.providers)) } : request,
          actor: metadata.actor,
          issuedAt: decision.issuedAt,
        }),
      },
      metadata,
    );
  }
}
