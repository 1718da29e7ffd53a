import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createRemoteJWKSet, importSPKI, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { Actor, Role, unauthenticated } from '@registry/kernel';
import { REGISTRY_CONFIG, RegistryConfig, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../config/registry.config';
import { loadOrCreateLocalKeys, SigningKey, TOKEN_ALGORITHM } from './local-keys';

const ROLES: readonly Role[] = ['REGISTRAR', 'CERTIFIER', 'REGULATOR', 'FIRM'];
/** Roles whose tokens must say whom they act for. */
const SCOPED_ROLES: readonly Role[] = ['CERTIFIER', 'REGULATOR', 'FIRM'];

/** Turns an `Authorization: Bearer …` header into an Actor; no header means anonymous. */
@Injectable()
export class AuthService implements OnModuleInit {
  private key!: SigningKey | JWTVerifyGetKey;

  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  async onModuleInit(): Promise<void> {
    const auth = this.config.auth;
    this.key =
      auth.kind === 'local'
        ? (await loadOrCreateLocalKeys(auth.keyDir)).publicKey
        : auth.kind === 'public-key'
          ? await importSPKI(auth.publicKeyPem, TOKEN_ALGORITHM)
          : createRemoteJWKSet(new URL(auth.jwksUrl));
  }

  async actorFrom(authorization: string | undefined): Promise<Actor | undefined> {
    if (!authorization) return undefined;
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match) throw unauthenticated('AUTH.MALFORMED_HEADER', 'The Authorization header must be "Bearer <token>".');
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(match[1], this.key as SigningKey, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: [TOKEN_ALGORITHM],
      }));
    } catch (error) {
      const expired = (error as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw unauthenticated(expired ? 'AUTH.TOKEN_EXPIRED' : 'AUTH.INVALID_TOKEN', expired ? 'The token has expired.' : 'The token could not be verified.');
    }
    const role = payload.role as Role;
    if (!payload.sub || !ROLES.includes(role)) throw unauthenticated('AUTH.INVALID_CLAIMS', 'The token needs a subject and a role (REGISTRAR, CERTIFIER, REGULATOR or FIRM).');
    const scope = typeof payload.acting_for === 'string' ? payload.acting_for : undefined;
    if (SCOPED_ROLES.includes(role) && !scope) throw unauthenticated('AUTH.INVALID_CLAIMS', `A ${role} token must name whom it acts for (acting_for).`);
    return { subject: payload.sub, role, scope };
  }
}
