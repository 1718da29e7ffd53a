import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetEquivalenceQuery } from '../../queries/get-equivalence/get-equivalence.query';
import { EquivalenceView } from '../../equivalence.view';
import { ProposeEquivalenceCommand } from './propose-equivalence.command';
import { ProposeEquivalenceInput } from './propose-equivalence.input';

@Resolver('Equivalence')
export class ProposeEquivalenceResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('proposeEquivalence')
  async proposeEquivalence(@Args('input') input: ProposeEquivalenceInput, @RequestCtx() ctx: RequestContext): Promise<EquivalenceView> {
    const metadata = commandMetadata(ctx, input.idempotencyKey);
    const side = (s: { framework: string; version: string; requirementId: string }) => ({ framework: s.framework, version: s.version, requirementId: s.requirementId });
    const written = await this.commands.execute(
      new ProposeEquivalenceCommand(
        {
          equivalenceId: input.equivalenceId,
          hk: side(input.hk),
          foreign: side(input.foreign),
          foreignJurisdiction: input.foreignJurisdiction,
          strength: input.strength,
          conditions: (input.conditions ?? []).map((c) => ({ id: c.id, text: c.text })),
          scope: { useCases: [...input.scope.useCases] },
          effectiveFrom: input.effectiveFrom.toISOString(),
          effectiveUntil: input.effectiveUntil ? input.effectiveUntil.toISOString() : null,
          illustrative: input.illustrative ?? false,
        },
        metadata,
      ),
    );
    // required=true: the handler throws EQUIVALENCE.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetEquivalenceQuery(input.equivalenceId, true, written.position)))!;
  }
}
