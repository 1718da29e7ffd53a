import { firmDecider, firmStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const RegisterFirmCommand = defineCommand({ decider: firmDecider, type: 'RegisterFirm', stream: (firm) => firmStreamId(firm.firmId) });
