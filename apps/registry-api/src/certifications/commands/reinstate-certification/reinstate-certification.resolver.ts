import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { ReinstateCertificationCommand } from './reinstate-certification.command';
import { ReinstateCertificationInput } from './reinstate-certification.input';

@Resolver('Certification')
export class ReinstateCertificationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('reinstateCertification')
  reinstateCertification(
    @Args('input') { idempotencyKey, ...data }: ReinstateCertificationInput,
    @RequestCtx() ctx: RequestContext,
  ): Promise<CertificationView> {
    return this.ownWrite.answer(new ReinstateCertificationCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetCertificationQuery.required(data.certificationId, ctx.actor, knownAt),
    );
  }
}
