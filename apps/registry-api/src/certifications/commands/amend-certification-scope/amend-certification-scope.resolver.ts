import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { AmendCertificationScopeCommand } from './amend-certification-scope.command';
import { AmendCertificationScopeInput } from './amend-certification-scope.input';

@Resolver('Certification')
export class AmendCertificationScopeResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation('amendCertificationScope')
  async amendCertificationScope(@Args('input') input: AmendCertificationScopeInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    const { idempotencyKey, ...data } = input;
    const written = await this.commands.execute(new AmendCertificationScopeCommand(data, commandMetadata(ctx, idempotencyKey)));
    return this.queries.execute(GetCertificationQuery.required(data.certificationId, ctx.actor, written.position));
  }
}
