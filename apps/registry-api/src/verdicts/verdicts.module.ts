import { Module } from '@nestjs/common';
import { ExportReadinessResolver } from './export-readiness.resolver';
import { ExportReadyModelsResolver } from './export-ready-models.resolver';
import { ReadinessReadModel } from './readiness.read-model';
import { VerdictService } from './verdict.service';

/** Export-readiness verdicts, judged from the log (see libs/domain/src/verdict), and the readiness read model. */
@Module({ providers: [VerdictService, ReadinessReadModel, ExportReadinessResolver, ExportReadyModelsResolver], exports: [VerdictService, ReadinessReadModel] })
export class VerdictsModule {}
