import { certifierDecider, certifierStreamId } from '@registry/domain';
import { CommandInput, defineCommand } from '../../../infrastructure/define-command';
import { AccreditCertifierInput } from './accredit-certifier.input';

/** The input as the decider's plain data (what the idempotency fingerprint sees). */
const accreditation = (input: CommandInput<AccreditCertifierInput>) => ({
  certifierId: input.certifierId,
  name: input.name,
  scope: { frameworkVersions: [...input.scope.frameworkVersions], useCases: [...input.scope.useCases] },
  validFrom: input.validFrom.toISOString(),
  validUntil: input.validUntil.toISOString(),
});

export const AccreditCertifierCommand = defineCommand({
  decider: certifierDecider,
  type: 'AccreditCertifier',
  request: accreditation,
  stream: (request) => certifierStreamId(request.certifierId),
});
