import { Injectable } from '@nestjs/common';
import { Command, CommandBus, Query, QueryBus } from '@nestjs/cqrs';
import { AppendResult, LogPosition } from '@registry/event-store';

/**
 * A view answered as the log stood at a position (a mutation answers as of its own write) carries that
 * position, so its nested fields (`history`) end there too. Not part of the SDL: GraphQL never sends it.
 */
export interface AsOf {
  readonly knownAt?: LogPosition;
}

export const asOf = <V extends object>(view: V | null, knownAt: LogPosition | undefined): (V & AsOf) | null => (view && knownAt ? { ...view, knownAt } : view);

/**
 * How a mutation answers: send the command, then read the entity as of the command's own write (the append's
 * log position is the query's `knownAt`), so a replayed request returns its first answer and a racing write
 * never shows up in another's answer. The query is one that cannot answer null after the write (a required
 * look-up, which throws `…NOT_FOUND` instead).
 */
@Injectable()
export class OwnWrite {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  async answer<V>(command: Command<AppendResult>, read: (knownAt: LogPosition) => Query<V>): Promise<NonNullable<V>> {
    const written = await this.commands.execute(command);
    return (await this.queries.execute(read(written.position)))!;
  }
}
