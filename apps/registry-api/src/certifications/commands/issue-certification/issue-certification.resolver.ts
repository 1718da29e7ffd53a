import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { CertificationView } from '../../certification.view';
import { GetCertificationQuery } from '../../queries/get-certification/get-certification.query';
import { IssueCertificationCommand } from './issue-certification.command';
import { IssueCertificationInput } from './issue-certification.input';

@Resolver('Certification')
export class IssueCertificationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('issueCertification')
  issueCertification(@Args('input') { idempotencyKey, ...data }: IssueCertificationInput, @RequestCtx() ctx: RequestContext): Promise<CertificationView> {
    return this.ownWrite.answer(new IssueCertificationCommand(data, commandMetadata(ctx, idempotencyKey)), (knownAt) =>
      GetCertificationQuery.required(data.certificationId, ctx.actor, knownAt),
    );
  }
}
