import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CredentialKeys } from './credential-keys';
import { CredentialSigner } from './credential-signer';
import { Inject } from '@nestjs/common';
import { CREDENTIAL_KEYS, VC_JWT_MEDIA_TYPE } from './credentials.tokens';
import { STATUS_PURPOSES, StatusPurpose } from './status-list.projection';
import { STATUS_LIST_TTL_SECONDS, StatusListService } from './status-list.service';

/**
 * Plain HTTP GETs a verifier, monitor or CDN can fetch and cache: the credential keys and the status lists.
 */
@Controller()
export class CredentialsController {
  constructor(
    @Inject(CREDENTIAL_KEYS) private readonly keys: CredentialKeys,
    private readonly signer: CredentialSigner,
    private readonly statusLists: StatusListService,
  ) {}

  /** RFC 7517 JWK Set; keys change only at a rotation, and verifiers refetch on an unknown kid. */
  @Get('.well-known/jwks.json')
  @Header('Content-Type', 'application/jwk-set+json')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  jwks() {
    return this.keys.jwks();
  }

  /** SD-JWT VC issuer metadata (what VC-JOSE-COSE §"Well-Known URIs" points to for an https issuer). */
  @Get('.well-known/jwt-vc-issuer')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  issuerMetadata() {
    return { issuer: this.signer.issuerUrl, jwks_uri: `${this.signer.issuerUrl}/.well-known/jwks.json` };
  }

  /** A BitstringStatusListCredential as `application/vc+jwt`; 404 for an unknown purpose or a list not yet reached. */
  @Get('status/:purpose/:list')
  async statusList(@Param('purpose') purpose: string, @Param('list') list: string, @Res() res: Response): Promise<void> {
    if (!(STATUS_PURPOSES as readonly string[]).includes(purpose) || !/^[1-9]\d{0,5}$/.test(list)) throw new NotFoundException('No such status list.');
    const signed = await this.statusLists.statusList(purpose as StatusPurpose, Number(list));
    if (!signed) throw new NotFoundException('No such status list.');
    res
      .status(200)
      .set({ 'Content-Type': VC_JWT_MEDIA_TYPE, 'Cache-Control': `public, max-age=${STATUS_LIST_TTL_SECONDS}`, 'Access-Control-Allow-Origin': '*' })
      .send(signed.jws);
  }
}
