import { Module } from '@nestjs/common';
import { CredentialStatusProjection } from './status-list.projection';
import { CredentialsConfig } from '../config/credentials.config';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { CertificationsModule } from '../certifications/certifications.module';
import { VerdictsModule } from '../verdicts/verdicts.module';
import { TransparencyModule } from '../transparency/transparency.module';
import { TransparencyLog } from '../transparency/transparency-log.service';
import { CertificationCredentialService } from './certification-credential.service';
import { CredentialKeys } from './credential-keys';
import { CredentialSigner } from './credential-signer';
import { CredentialsController } from './credentials.controller';
import { CredentialsResolver } from './credentials.resolver';
import { CREDENTIAL_KEYS, CREDENTIAL_TRANSPARENCY_LOG, CREDENTIALS_CONFIG } from './credentials.tokens';
import { ExportReadinessCredentialService } from './export-readiness-credential.service';
import { LogAnchors } from './log-anchor';
import { CountersignatureEvidenceReader } from './countersignature-evidence';
import { StatusListService } from './status-list.service';

const credentialsConfigOf = (config: RegistryConfig): CredentialsConfig => config.credentials;

/**
 * Verifiable credentials (W3C VC 2.0, secured with VC-JOSE-COSE as application/vc+jwt), their keys at
 * /.well-known/jwks.json and the Bitstring Status Lists at /status/<purpose>/<n>. The status slots are kept
 * by CredentialStatusProjection, registered with the other read models in CoreModule.
 */
@Module({
  imports: [CertificationsModule, VerdictsModule, TransparencyModule],
  controllers: [CredentialsController],
  providers: [
    CredentialStatusProjection,
    { provide: CREDENTIALS_CONFIG, inject: [REGISTRY_CONFIG], useFactory: credentialsConfigOf },
    { provide: CREDENTIAL_KEYS, inject: [CREDENTIALS_CONFIG], useFactory: (config: CredentialsConfig) => CredentialKeys.load(config) },
    { provide: CREDENTIAL_TRANSPARENCY_LOG, useExisting: TransparencyLog },
    CredentialSigner,
    LogAnchors,
    StatusListService,
    CertificationCredentialService,
    ExportReadinessCredentialService,
    CountersignatureEvidenceReader,
    CredentialsResolver,
  ],
  exports: [CREDENTIAL_KEYS, CredentialSigner, StatusListService],
})
export class CredentialsModule {}
