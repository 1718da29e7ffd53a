import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetCertifierQuery } from '../../queries/get-certifier/get-certifier.query';
import { CertifierView } from '../../certifier.view';
import { ReinstateAccreditationCommand } from './reinstate-accreditation.command';
import { ReinstateAccreditationInput } from './reinstate-accreditation.input';

@Resolver('Certifier')
export class ReinstateAccreditationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('reinstateAccreditation')
  reinstateAccreditation(@Args('input') { idempotencyKey, ...data }: ReinstateAccreditationInput, @RequestCtx() ctx: RequestContext): Promise<CertifierView> {
    // required=true: the handler throws CERTIFIER.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new ReinstateAccreditationCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetCertifierQuery(data.certifierId, true, knownAt),
    );
  }
}
