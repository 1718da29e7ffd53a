import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { RenewCertificationCommand } from './renew-certification.command';
import { RenewCertificationInput } from './renew-certification.input';

@Resolver('Certification')
export class RenewCertificationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('renewCertification')
  renewCertification(@Args('input') { idempotencyKey, ...data }: RenewCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    return this.ownWrite.answer(new RenewCertificationCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetCertificationQuery.required(data.certificationId, ctx.actor, knownAt),
    );
  }
}
