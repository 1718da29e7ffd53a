import { firmDecider, firmStreamId } from '@registry/domain';
import { defineCommand } from '../../../infrastructure/define-command';

export const RenameFirmCommand = defineCommand({ decider: firmDecider, type: 'RenameFirm', stream: (rename) => firmStreamId(rename.firmId) });
