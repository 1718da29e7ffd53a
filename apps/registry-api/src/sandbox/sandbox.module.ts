import { Module } from '@nestjs/common';
import { SandboxController } from './sandbox.controller';
import { SandboxResolver } from './sandbox.resolver';
import { SandboxService } from './sandbox.service';

/**
 * HK-AI sandbox 2.0 (stress tests as a service): suites, runs, the predictions upload, the features download
 * and the endpoint runner. The pure core is libs/sandbox; the deciders are libs/domain/src/sandbox.
 */
@Module({ controllers: [SandboxController], providers: [SandboxService, SandboxResolver] })
export class SandboxModule {}
