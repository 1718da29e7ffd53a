import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { CountersignatureVerification, equivalenceDecider, equivalenceStreamId, regulatorKeyDecider, regulatorKeyStreamId } from '@registry/domain';
import { countersignatureContent, verifyCountersignature } from '@registry/verifier';
import { CommandShell } from '../../../infrastructure/command-shell';
import { CountersignEquivalenceCommand } from './countersign-equivalence.command';

/**
 * The regulator of the equivalence's foreign jurisdiction countersigns a PROPOSED equivalence (the decider checks
 * who, and that the signature verified). For each decision the JWS is verified over the RFC 8785 content of the
 * proposal against the jurisdiction's registered keys valid at the decision time; the key stream read is a
 * condition of the append, so a key withdrawn meanwhile makes the decision run again.
 */
@CommandHandler(CountersignEquivalenceCommand)
export class CountersignEquivalenceHandler implements ICommandHandler<CountersignEquivalenceCommand> {
  constructor(private readonly shell: CommandShell) {}

  async execute({ data, metadata }: CountersignEquivalenceCommand): Promise<AppendResult> {
    const streamId = equivalenceStreamId(data.equivalenceId);
    return this.shell.execute(
      streamId,
      equivalenceDecider,
      {
        request: { type: 'CountersignEquivalence', data },
        build: async ({ issuedAt, read }) => {
          const { state } = await read.load(streamId, equivalenceDecider);
          let verification: CountersignatureVerification | null = null;
          if (state.status !== 'NONE') {
            const content = countersignatureContent(state.proposal);
            const { state: keys } = await read.load(regulatorKeyStreamId(state.proposal.foreignJurisdiction), regulatorKeyDecider);
            const check = await verifyCountersignature(data.jws, content, keys.status === 'KEYS' ? keys.keys : [], issuedAt);
            verification =
              check.outcome === 'VALID'
                ? { outcome: 'VALID', keyId: check.keyId, alg: check.alg, detail: 'verified' }
                : { outcome: check.outcome, keyId: 'keyId' in check ? check.keyId : null, alg: null, detail: check.detail };
          }
          return { type: 'CountersignEquivalence' as const, data: { ...data, verification }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }
}
