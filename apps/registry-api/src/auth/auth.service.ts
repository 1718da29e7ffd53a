import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { createRemoteJWKSet, importSPKI, JWTPayload, jwtVerify, JWTVerifyGetKey } from 'jose';
import { Actor, RegistryError, Role, unauthenticated } from '@registry/kernel';
import { ConfigError, REGISTRY_CONFIG, RegistryConfig, TOKEN_AUDIENCE, TOKEN_ISSUER } from '../config/registry.config';
import { AuthLimitsConfig } from '../config/auth-limits.config';
import { loadOrCreateLocalKeys, SigningKey, TOKEN_ALGORITHM } from './local-keys';

const ROLES: readonly Role[] = ['REGISTRAR', 'CERTIFIER', 'REGULATOR', 'FIRM'];
/** Roles whose tokens must say whom they act for. */
const SCOPED_ROLES: readonly Role[] = ['CERTIFIER', 'REGULATOR', 'FIRM'];

/** Turns an `Authorization: Bearer …` header into an Actor; no header means anonymous. */
@Injectable()
export class AuthService implements OnModuleInit {
  private key!: SigningKey | JWTVerifyGetKey;
  private readonly limits: AuthLimitsConfig;

  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {
    this.limits = config.authLimits;
  }

  async onModuleInit(): Promise<void> {
    const auth = this.config.auth;
    if (auth.kind === 'local') this.key = (await loadOrCreateLocalKeys(auth.keyDir)).publicKey;
    else if (auth.kind === 'jwks') this.key = createRemoteJWKSet(new URL(auth.jwksUrl));
    else
      try {
        this.key = await importSPKI(auth.publicKeyPem, TOKEN_ALGORITHM);
      } catch {
        // A key that does not parse is a configuration error: say which variable, not jose's stack.
        throw new ConfigError('AUTH_PUBLIC_KEY', `AUTH_PUBLIC_KEY must be an ${TOKEN_ALGORITHM} (P-256) public key in PEM (SPKI) form`);
      }
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
        requiredClaims: ['exp', 'iat'],
        clockTolerance: this.limits.clockSkewSeconds,
        // Also refuses an iat in the future (beyond the skew) and a token older than any token may live.
        maxTokenAge: this.limits.maxTokenLifetimeSeconds,
      }));
    } catch (error) {
      throw verificationRefusal(error);
    }
    // maxTokenAge bounds the age so far; the declared lifetime bounds how long a stolen token stays useful.
    const lifetime = (payload.exp as number) - (payload.iat as number);
    if (lifetime > this.limits.maxTokenLifetimeSeconds) {
      throw unauthenticated(
        'AUTH.TOKEN_LIFETIME_TOO_LONG',
        `A token may live at most ${this.limits.maxTokenLifetimeSeconds} s (exp - iat); this one would live ${lifetime} s.`,
      );
    }
    const role = payload.role as Role;
    if (!payload.sub || !ROLES.includes(role))
      throw unauthenticated('AUTH.INVALID_CLAIMS', 'The token needs a subject and a role (REGISTRAR, CERTIFIER, REGULATOR or FIRM).');
    const scope = typeof payload.acting_for === 'string' ? payload.acting_for : undefined;
    if (SCOPED_ROLES.includes(role) && !scope) throw unauthenticated('AUTH.INVALID_CLAIMS', `A ${role} token must name whom it acts for (acting_for).`);
    return { subject: payload.sub, role, scope };
  }
}

/**
 * jose's verification failures as stable reasons, so a client (or its operator) can tell a clock problem or an
 * issuer misconfiguration from a forged token. Everything not listed (signature, issuer, audience, algorithm,
 * malformed token) stays AUTH.INVALID_TOKEN: saying which check failed would help a forger, not a client.
 */
const verificationRefusal = (error: unknown): RegistryError => {
  const { code, claim, reason } = error as { code?: string; claim?: string; reason?: string };
  if (code === 'ERR_JWT_EXPIRED' && claim === 'iat') {
    // Issued longer ago than any token may live, yet not expired: its lifetime is too long.
    return unauthenticated('AUTH.TOKEN_LIFETIME_TOO_LONG', 'The token was issued longer ago than a token may live.');
  }
  if (code === 'ERR_JWT_EXPIRED') return unauthenticated('AUTH.TOKEN_EXPIRED', 'The token has expired.');
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (claim === 'exp' && reason === 'missing') return unauthenticated('AUTH.TOKEN_WITHOUT_EXPIRY', 'The token must expire (exp).');
    if (claim === 'iat' && reason === 'missing') return unauthenticated('AUTH.TOKEN_WITHOUT_ISSUED_AT', 'The token must say when it was issued (iat).');
    if ((claim === 'iat' || claim === 'nbf') && reason === 'check_failed') {
      return unauthenticated('AUTH.TOKEN_NOT_YET_VALID', `The token is dated in the future (${claim}); check the issuer's clock.`);
    }
    if (reason === 'invalid') return unauthenticated('AUTH.INVALID_CLAIMS', `The token's "${claim}" claim must be a NumericDate.`);
  }
  return unauthenticated('AUTH.INVALID_TOKEN', 'The token could not be verified.');
};
