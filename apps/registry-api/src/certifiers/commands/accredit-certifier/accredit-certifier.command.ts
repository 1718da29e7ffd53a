import { certifierDecider, certifierStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';
import { AccreditCertifierInput } from './accredit-certifier.input';

export const AccreditCertifierCommand = defineCommand({
  decider: certifierDecider,
  type: 'AccreditCertifier',
  stream: (request) => certifierStreamId(request.certifierId),
  request: (input: Omit<AccreditCertifierInput, 'idempotencyKey'>) => ({
    certifierId: input.certifierId,
    name: input.name,
    scope: { frameworkVersions: [...input.scope.frameworkVersions], useCases: [...input.scope.useCases] },
    validFrom: input.validFrom.toISOString(),
    validUntil: input.validUntil.toISOString(),
  }),
});
