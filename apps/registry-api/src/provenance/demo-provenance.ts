import { CommandBus } from '@nestjs/cqrs';
import { Actor, CommandMetadata } from '@registry/kernel';
import { LegalBasis } from '@registry/domain';
import { RecordTrainingDataProvenanceCommand } from './commands/record-training-data-provenance/record-training-data-provenance.command';

/** Illustrative training-data sources per demo model (not real datasets). */
const SOURCES: Record<string, readonly { sourceId: string; name: string; legalBasis: LegalBasis; location: string }[]> = {
  'pearl-chat': [
    {
      sourceId: 'web-zh-2025',
      name: 'Chinese web text 2025 (demo)',
      legalBasis: 'TDM_EXCEPTION',
      location: 'Crawl honouring robots.txt and TDM reservations (demo)',
    },
    { sourceId: 'support-logs', name: 'Customer-service transcripts (demo)', legalBasis: 'CONSENT', location: 'Pearl River support platform (demo)' },
  ],
  creditscope: [
    { sourceId: 'loan-book', name: 'Own loan book 2015-2025 (demo)', legalBasis: 'OWN_DATA', location: 'Harbour Lending data warehouse (demo)' },
    {
      sourceId: 'bureau-scores',
      name: 'Credit bureau attributes (demo)',
      legalBasis: 'LICENCE',
      location: 'Licensed feed from a credit reference agency (demo)',
    },
  ],
};

/** Records the demo models' training-data provenance (HK-AI-06's evidence) as their owners. */
export const seedDemoProvenance = async (
  commands: CommandBus,
  meta: (actor: Actor, key: string) => CommandMetadata,
  model: { modelId: string; version: string; weightsDigest: string; owner: Actor },
  digestOf: (label: string) => string,
): Promise<void> => {
  const sources = SOURCES[model.modelId];
  if (!sources) return;
  await commands.execute(
    new RecordTrainingDataProvenanceCommand(
      {
        modelId: model.modelId,
        version: model.version,
        weightsDigest: model.weightsDigest,
        sources: sources.map((s) => ({ ...s, digest: digestOf(`dataset:${s.sourceId}`), basisReference: `${s.legalBasis} file ${s.sourceId} (demo)` })),
      },
      meta(model.owner, `provenance:${model.modelId}@${model.version}`),
    ),
  );
};
