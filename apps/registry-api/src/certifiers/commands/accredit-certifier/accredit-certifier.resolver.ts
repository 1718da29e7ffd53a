import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetCertifierQuery } from '../../queries/get-certifier/get-certifier.query';
import { CertifierView } from '../../certifier.view';
import { AccreditCertifierCommand } from './accredit-certifier.command';
import { AccreditCertifierInput } from './accredit-certifier.input';

@Resolver('Certifier')
export class AccreditCertifierResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('accreditCertifier')
  accreditCertifier(@Args('input') { idempotencyKey, ...data }: AccreditCertifierInput, @RequestCtx() ctx: RequestContext): Promise<CertifierView> {
    // required=true: the handler throws CERTIFIER.NOT_FOUND rather than answer null.
    return this.ownWrite.answer(
      new AccreditCertifierCommand(data, commandMetadata(ctx, idempotencyKey)),
      (knownAt) => new GetCertifierQuery(data.certifierId, true, knownAt),
    );
  }
}
