import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { badInput } from '@registry/kernel';
import { regulatorKeyDecider, regulatorKeyStreamId } from '@registry/domain';
import { CountersignatureFormatError, regulatorPublicKey } from '@registry/verifier';
import { CommandShell } from '../../../infrastructure/command-shell';
import { RegisterRegulatorKeyCommand } from './register-regulator-key.command';

/**
 * Checks the JWK (public members only, an importable P-256 or Ed25519 key) and computes its thumbprint before the
 * decider sees it: that is crypto, which deciders do not do. A key that is not one is BAD_USER_INPUT naming `jwk`.
 */
@CommandHandler(RegisterRegulatorKeyCommand)
export class RegisterRegulatorKeyHandler implements ICommandHandler<RegisterRegulatorKeyCommand> {
  constructor(private readonly shell: CommandShell) {}

  async execute({ data, metadata }: RegisterRegulatorKeyCommand): Promise<AppendResult> {
    let key;
    try {
      key = await regulatorPublicKey(data.jwk);
    } catch (e) {
      if (e instanceof CountersignatureFormatError) throw badInput('REGULATOR_KEY.INVALID_JWK', e.message, { field: 'jwk' });
      throw e;
    }
    return this.shell.execute(
      regulatorKeyStreamId(data.jurisdiction),
      regulatorKeyDecider,
      {
        request: { type: 'RegisterRegulatorKey', data },
        build: ({ issuedAt }) => ({
          type: 'RegisterRegulatorKey' as const,
          data: {
            jurisdiction: data.jurisdiction,
            key: { keyId: key.keyId, alg: key.alg, jwk: key.jwk as Record<string, string> },
            replacesKeyId: data.replacesKeyId,
          },
          actor: metadata.actor,
          issuedAt,
        }),
      },
      metadata,
    );
  }
}
