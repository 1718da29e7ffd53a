import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { RevokeCertificationCommand } from './revoke-certification.command';
import { RevokeCertificationInput } from './revoke-certification.input';

@Resolver('Certification')
export class RevokeCertificationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('revokeCertification')
  revokeCertification(@Args('input') { idempotencyKey, ...data }: RevokeCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    return this.ownWrite.answer(new RevokeCertificationCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetCertificationQuery.required(data.certificationId, ctx.actor, knownAt),
    );
  }
}
