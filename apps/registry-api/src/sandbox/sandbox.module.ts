import { Module } from '@nestjs/common';
import { SandboxOpenRunsProjection } from './sandbox-open-runs.projection';
import { CredentialsModule } from '../credentials/credentials.module';
import { CREDENTIAL_TRANSPARENCY_LOG } from '../credentials/credentials.tokens';
import { LogAnchors } from '../credentials/log-anchor';
import { TransparencyLog } from '../transparency/transparency-log.service';
import { TransparencyModule } from '../transparency/transparency.module';
import { SandboxController } from './sandbox.controller';
import { SandboxResolver } from './sandbox.resolver';
import { SandboxSealService } from './sandbox-seal.service';
import { SandboxService } from './sandbox.service';

/**
 * HK-AI sandbox 2.0 (stress tests as a service): suites, runs, the predictions upload, the features download,
 * the endpoint runner and the sandbox seal (signed with the credentials module's key, anchored in the
 * transparency log). The pure core is libs/sandbox; the deciders are libs/domain/src/sandbox.
 */
@Module({
  imports: [CredentialsModule, TransparencyModule],
  controllers: [SandboxController],
  providers: [
    SandboxOpenRunsProjection,
    SandboxService,
    SandboxResolver,
    SandboxSealService,
    LogAnchors,
    { provide: CREDENTIAL_TRANSPARENCY_LOG, useExisting: TransparencyLog },
  ],
})
export class SandboxModule {}
