import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { SuspendCertificationCommand } from './suspend-certification.command';
import { SuspendCertificationInput } from './suspend-certification.input';

@Resolver('Certification')
export class SuspendCertificationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('suspendCertification')
  suspendCertification(@Args('input') { idempotencyKey, ...data }: SuspendCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    return this.ownWrite.answer(new SuspendCertificationCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetCertificationQuery.required(data.certificationId, ctx.actor, knownAt),
    );
  }
}
