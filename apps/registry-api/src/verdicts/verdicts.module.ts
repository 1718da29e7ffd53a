import { Module } from '@nestjs/common';
import { ExportReadinessResolver } from './export-readiness.resolver';
import { VerdictService } from './verdict.service';

/** Export-readiness verdicts, judged from the log (see libs/domain/src/verdict). */
@Module({ providers: [VerdictService, ExportReadinessResolver], exports: [VerdictService] })
export class VerdictsModule {}
