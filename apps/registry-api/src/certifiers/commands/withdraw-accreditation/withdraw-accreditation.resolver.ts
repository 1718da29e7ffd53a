import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetCertifierQuery } from '../../queries/get-certifier/get-certifier.query';
import { CertifierView } from '../../certifier.view';
import { WithdrawAccreditationCommand } from './withdraw-accreditation.command';
import { WithdrawAccreditationInput } from './withdraw-accreditation.input';

@Resolver('Certifier')
export class WithdrawAccreditationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('withdrawAccreditation')
  withdrawAccreditation(@Args('input') { idempotencyKey, ...data }: WithdrawAccreditationInput, @RequestCtx() ctx: RequestContext): Promise<CertifierView> {
    // required=true: the handler throws CERTIFIER.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new WithdrawAccreditationCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetCertifierQuery(data.certifierId, true, knownAt),
    );
  }
}
