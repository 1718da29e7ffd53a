import { CommandMetadata } from '@registry/kernel';
import { CertifierCommand, certifierDecider, CertifierEvent, CertifierState, certifierStreamId } from '@registry/domain';
import { DeciderCommand } from '../../../infrastructure/decider-command';
import { AccreditCertifierInput } from './accredit-certifier.input';

export class AccreditCertifierCommand extends DeciderCommand<CertifierCommand, CertifierEvent, CertifierState> {
  constructor(input: Omit<AccreditCertifierInput, 'idempotencyKey'>, metadata: CommandMetadata) {
    const data = {
      certifierId: input.certifierId,
      name: input.name,
      scope: { frameworkVersions: [...input.scope.frameworkVersions], useCases: [...input.scope.useCases] },
      validFrom: input.validFrom.toISOString(),
      validUntil: input.validUntil.toISOString(),
    };
    super(certifierStreamId(data.certifierId), certifierDecider, { type: 'AccreditCertifier', data, actor: metadata.actor, issuedAt: metadata.issuedAt }, metadata);
  }
}
