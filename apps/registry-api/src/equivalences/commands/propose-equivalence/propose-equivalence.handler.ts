import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AppendResult } from '@registry/event-store';
import { equivalenceDecider, equivalenceStreamId, frameworkDecider, frameworkStreamId, ProposalContext, RequirementRef } from '@registry/domain';
import { StreamReader } from '../../../infrastructure/aggregate-reader';
import { CommandShell } from '../../../infrastructure/command-shell';
import { ProposeEquivalenceCommand } from './propose-equivalence.command';

/**
 * Looks up the `context` the equivalence decider needs (do both requirements exist in the named published
 * versions, and whose framework is the foreign one) in the framework streams, then runs the proposal through the
 * shell. Done here rather than in the resolver so that every sender of the command gets the same look-up, and
 * the resolver stays thin. Framework versions are never edited, so the context of a re-sent (idempotent)
 * proposal is the same and its fingerprint matches. The framework streams read are conditions of the append.
 */
@CommandHandler(ProposeEquivalenceCommand)
export class ProposeEquivalenceHandler implements ICommandHandler<ProposeEquivalenceCommand> {
  constructor(private readonly shell: CommandShell) {}

  async execute({ data, metadata }: ProposeEquivalenceCommand): Promise<AppendResult> {
    return this.shell.execute(
      equivalenceStreamId(data.equivalenceId),
      equivalenceDecider,
      {
        request: { type: 'ProposeEquivalence', data },
        build: async ({ issuedAt, read }) => {
          const [hk, foreign] = await Promise.all([this.lookUp(data.hk, read), this.lookUp(data.foreign, read)]);
          const context: ProposalContext = {
            hkRequirementExists: hk.requirementExists,
            foreignRequirementExists: foreign.requirementExists,
            foreignFrameworkJurisdiction: foreign.jurisdiction,
          };
          return { type: 'ProposeEquivalence' as const, data: { ...data, context }, actor: metadata.actor, issuedAt };
        },
      },
      metadata,
    );
  }

  /** The framework's jurisdiction (null: never published) and whether the version names the requirement. */
  private async lookUp(ref: RequirementRef, read: StreamReader): Promise<{ jurisdiction: string | null; requirementExists: boolean }> {
    const { state } = await read.load(frameworkStreamId(ref.framework), frameworkDecider);
    if (state.status !== 'PUBLISHED') return { jurisdiction: null, requirementExists: false };
    const version = state.versions.find((v) => v.version === ref.version);
    return { jurisdiction: state.jurisdiction, requirementExists: !!version?.requirements.some((r) => r.id === ref.requirementId) };
  }
}
