import { Module } from '@nestjs/common';
import { CredentialsConfig, loadCredentialsConfig } from '../config/credentials.config';
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
import { StatusListService } from './status-list.service';

/**
 * Until RegistryConfig carries `credentials`, the settings are read here from the process environment with
 * the same loader, and the auth key directory from the registry's own config (it may come from elsewhere
 * than the process environment, e.g. in tests).
 */
const credentialsConfigOf = (config: RegistryConfig & { readonly credentials?: CredentialsConfig }): CredentialsConfig =>
  config.credentials ??
  loadCredentialsConfig({ ...process.env, ...(config.auth.kind === 'local' ? { AUTH_KEY_DIR: config.auth.keyDir } : {}) }, config.dataDir, config.store.kind === 'postgres');

/**
 * Verifiable credentials (W3C VC 2.0, secured with VC-JOSE-COSE as application/vc+jwt), their keys at
 * /.well-known/jwks.json and the Bitstring Status Lists at /status/<purpose>/<n>. The status slots are kept
 * by CredentialStatusProjection, registered with the other read models in CoreModule.
 */
@Module({
  imports: [CertificationsModule, VerdictsModule, TransparencyModule],
  controllers: [CredentialsController],
  providers: [
    { provide: CREDENTIALS_CONFIG, inject: [REGISTRY_CONFIG], useFactory: credentialsConfigOf },
    { provide: CREDENTIAL_KEYS, inject: [CREDENTIALS_CONFIG], useFactory: (config: CredentialsConfig) => CredentialKeys.load(config) },
    { provide: CREDENTIAL_TRANSPARENCY_LOG, useExisting: TransparencyLog },
    CredentialSigner,
    LogAnchors,
    StatusListService,
    CertificationCredentialService,
    ExportReadinessCredentialService,
    CredentialsResolver,
  ],
  exports: [CREDENTIAL_KEYS, CredentialSigner, StatusListService],
})
export class CredentialsModule {}
