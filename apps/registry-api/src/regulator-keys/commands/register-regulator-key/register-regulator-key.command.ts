import { Command } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CommandMetadata } from '@registry/kernel';
import { RegulatorKeyCommand } from '@registry/domain';

/** The JWK as sent; the handler checks it (crypto) and hands the decider the checked public key. */
export class RegisterRegulatorKeyCommand extends Command<AppendResult> {
  constructor(
    readonly data: { jurisdiction: string; jwk: Record<string, string>; replacesKeyId: string | null },
    readonly metadata: CommandMetadata,
  ) {
    super();
  }
}

export type RegisterRegulatorKeyDecision = Extract<RegulatorKeyCommand, { type: 'RegisterRegulatorKey' }>;
