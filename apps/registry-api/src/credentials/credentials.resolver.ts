import { Args, Query, Resolver } from '@nestjs/graphql';
import { ExportReadinessInput } from '../verdicts/export-readiness.input';
import { CertificationCredentialService } from './certification-credential.service';
import { SignedCredential } from './credential-signer';
import { ExportReadinessCredentialService } from './export-readiness-credential.service';

/** Public reads: a credential holds public data only (see CertificationCredentialService). */
@Resolver('SignedCredential')
export class CredentialsResolver {
  constructor(
    private readonly certifications: CertificationCredentialService,
    private readonly readiness: ExportReadinessCredentialService,
  ) {}

  @Query('certificationCredential')
  certificationCredential(@Args('id') id: string): Promise<SignedCredential> {
    return this.certifications.issue(id);
  }

  @Query('exportReadinessCredential')
  exportReadinessCredential(@Args('input') input: ExportReadinessInput): Promise<SignedCredential> {
    return this.readiness.issue(input);
  }
}
