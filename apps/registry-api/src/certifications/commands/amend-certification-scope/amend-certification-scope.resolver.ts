import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { AmendCertificationScopeCommand } from './amend-certification-scope.command';
import { AmendCertificationScopeInput } from './amend-certification-scope.input';

@Resolver('Certification')
export class AmendCertificationScopeResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('amendCertificationScope')
  amendCertificationScope(
    @Args('input') { idempotencyKey, ...data }: AmendCertificationScopeInput,
    @RequestCtx() ctx: RequestContext,
  ): Promise<CertificationView> {
    return this.ownWrite.answer(new AmendCertificationScopeCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetCertificationQuery.required(data.certificationId, ctx.actor, knownAt),
    );
  }
}
