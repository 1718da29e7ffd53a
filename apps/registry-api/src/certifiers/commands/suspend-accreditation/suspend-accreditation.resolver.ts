import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetCertifierQuery } from '../../queries/get-certifier/get-certifier.query';
import { CertifierView } from '../../certifier.view';
import { SuspendAccreditationCommand } from './suspend-accreditation.command';
import { SuspendAccreditationInput } from './suspend-accreditation.input';

@Resolver('Certifier')
export class SuspendAccreditationResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('suspendAccreditation')
  suspendAccreditation(@Args('input') { idempotencyKey, ...data }: SuspendAccreditationInput, @RequestCtx() ctx: RequestContext): Promise<CertifierView> {
    // required=true: the handler throws CERTIFIER.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new SuspendAccreditationCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetCertifierQuery(data.certifierId, true, knownAt),
    );
  }
}
