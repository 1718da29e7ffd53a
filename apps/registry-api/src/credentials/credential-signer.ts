import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CompactSign } from 'jose';
import { CredentialsConfig } from '../config/credentials.config';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { CREDENTIAL_ALG, CredentialKeys } from './credential-keys';
import { CREDENTIAL_KEYS, CREDENTIALS_CONFIG, VC_JWT_MEDIA_TYPE } from './credentials.tokens';

/** A credential secured with VC-JOSE-COSE: the compact JWS and the payload it signs. */
export interface SignedCredential {
  readonly jws: string;
  /** The JWS payload: the credential itself, plus the JWT claims `iss` (= `issuer`) and `iat`. */
  readonly credential: Record<string, unknown>;
  readonly mediaType: typeof VC_JWT_MEDIA_TYPE;
  readonly keyId: string;
}

const urlHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

/**
 * Signs credentials as `application/vc+jwt` (W3C VC-JOSE-COSE §3.1.1): protected header `alg: ES256`,
 * `typ: vc+jwt`, `cty: vc`, `kid` = the signing key's RFC 7638 thumbprint as published in the JWKS. The
 * payload carries `iss` equal to `issuer`: with `iss` present a plain thumbprint `kid` is enough for key
 * discovery (without it the spec asks for an absolute URL kid), and `iat` says when it was signed.
 */
@Injectable()
export class CredentialSigner {
  constructor(
    @Inject(CREDENTIAL_KEYS) private readonly keys: CredentialKeys,
    @Inject(CREDENTIALS_CONFIG) private readonly config: CredentialsConfig,
    @Inject(REGISTRY_CONFIG) private readonly registry: RegistryConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  /**
   * The issuer id and base of every URL in a credential: CREDENTIAL_ISSUER_URL, else the address this
   * server listens on (the embedded default; stable as long as HOST and PORT are).
   */
  get issuerUrl(): string {
    if (this.config.issuerUrl) return this.config.issuerUrl;
    const address = this.http.httpAdapter?.getHttpServer()?.address?.();
    const port = address && typeof address === 'object' ? address.port : this.registry.port;
    const host = ['0.0.0.0', '::'].includes(this.registry.host) ? 'localhost' : this.registry.host;
    return `http://${urlHost(host)}:${port}`;
  }

  get keyId(): string {
    return this.keys.current.kid;
  }

  async sign(credential: Record<string, unknown>, now = new Date()): Promise<SignedCredential> {
    const payload = { ...credential, iss: credential.issuer, iat: Math.floor(now.getTime() / 1000) };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: CREDENTIAL_ALG, typ: 'vc+jwt', cty: 'vc', kid: this.keys.current.kid })
      .sign(this.keys.signingKey);
    return { jws, credential: payload, mediaType: VC_JWT_MEDIA_TYPE, keyId: this.keys.current.kid };
  }
}
