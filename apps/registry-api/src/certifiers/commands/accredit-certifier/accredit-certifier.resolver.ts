import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetCertifierQuery } from '../../queries/get-certifier/get-certifier.query';
import { CertifierView } from '../../certifier.view';
import { AccreditCertifierCommand } from './accredit-certifier.command';
import { AccreditCertifierInput } from './accredit-certifier.input';

@Resolver('Certifier')
export class AccreditCertifierResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('accreditCertifier')
  async accreditCertifier(@Args('input') input: AccreditCertifierInput, @RequestCtx() ctx: RequestContext): Promise<CertifierView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new AccreditCertifierCommand(data, commandMetadata(ctx, idempotencyKey)));
    // required=true: the handler throws CERTIFIER.NOT_FOUND rather than answer null.
    return (await this.queries.execute(new GetCertifierQuery(data.certifierId, true, written.position)))!;
  }
}
