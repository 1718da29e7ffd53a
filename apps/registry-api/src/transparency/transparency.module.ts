import { Module } from '@nestjs/common';
import { TransparencyTreeProjection } from './transparency-tree.projection';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { TransparencyConfig } from '../config/transparency.config';
import { CheckpointPublisher } from './checkpoint-publisher';
import { loadLogSigner } from './log-key';
import { LogController } from './log.controller';
import { TransparencyLog } from './transparency-log.service';
import { TransparencyResolver } from './transparency.resolver';
import { LOG_SIGNER, TRANSPARENCY_CONFIG } from './transparency.tokens';

const transparencyConfigOf = (config: RegistryConfig): TransparencyConfig => config.transparency;

/**
 * The transparency log: signed checkpoints over the Merkle tree of the global log, and proofs. The tree
 * itself is a read model (TransparencyTreeProjection, registered with the others in CoreModule).
 * `TransparencyLog` is exported for the features that cite the log (credentials).
 */
@Module({
  controllers: [LogController],
  providers: [
    TransparencyTreeProjection,
    { provide: TRANSPARENCY_CONFIG, inject: [REGISTRY_CONFIG], useFactory: transparencyConfigOf },
    { provide: LOG_SIGNER, inject: [TRANSPARENCY_CONFIG], useFactory: (c: TransparencyConfig) => loadLogSigner(c.origin, c.signingKey) },
    CheckpointPublisher,
    TransparencyLog,
    TransparencyResolver,
  ],
  exports: [TransparencyLog, LOG_SIGNER, TRANSPARENCY_CONFIG],
})
export class TransparencyModule {}
