import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetCertifierQuery } from '../../queries/get-certifier/get-certifier.query';
import { CertifierView } from '../../certifier.view';
import { WithdrawAccreditationCommand } from './withdraw-accreditation.command';
import { WithdrawAccreditationInput } from './withdraw-accreditation.input';

@Resolver('Certifier')
export class WithdrawAccreditationResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('withdrawAccreditation')
  async withdrawAccreditation(@Args('input') input: WithdrawAccreditationInput, @RequestCtx() ctx: RequestContext): Promise<CertifierView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new WithdrawAccreditationCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws CERTIFIER.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetCertifierQuery(data.certifierId, true, written.position)))!;
  }
}
