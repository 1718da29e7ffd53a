import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { OwnWrite } from '../../../graphql/as-of';
import { commandMetadata, RequestContext, RequestCtx } from '../../../graphql/request-context';
import { GetRegulatorKeysQuery } from '../../queries/get-regulator-keys/get-regulator-keys.query';
import { RegulatorKeysView } from '../../regulator-key.view';
import { RegisterRegulatorKeyCommand } from './register-regulator-key.command';
import { RegisterRegulatorKeyInput } from './register-regulator-key.input';

@Resolver('RegulatorKeys')
export class RegisterRegulatorKeyResolver {
  constructor(private readonly ownWrite: OwnWrite) {}

  @Mutation('registerRegulatorKey')
  registerRegulatorKey(@Args('input') input: RegisterRegulatorKeyInput, @RequestCtx() ctx: RequestContext): Promise<RegulatorKeysView> {
    const { idempotencyKey, jurisdiction, jwk, replacesKeyId } = input;
    // Only members that were sent: an absent optional member must not become `null` in the JWK.
    const members = Object.fromEntries(Object.entries(jwk).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
    const command = new RegisterRegulatorKeyCommand({ jurisdiction, jwk: members, replacesKeyId: replacesKeyId ?? null }, commandMetadata(ctx, idempotencyKey));
    return this.ownWrite.answer(command, (knownAt) => new GetRegulatorKeysQuery(jurisdiction, knownAt));
  }
}
