import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeJwt, exportPKCS8, exportSPKI, generateKeyPair, importPKCS8, importSPKI, SignJWT } from 'jose';
import { Role } from '@registry/kernel';
import { TOKEN_AUDIENCE, TOKEN_ISSUER } from '../config/registry.config';
import { loadAuthLimits } from '../config/auth-limits.config';

export const TOKEN_ALGORITHM = 'ES256';

/** jose's key type (a WebCrypto key; named via jose so no DOM typings are needed). */
export type SigningKey = Awaited<ReturnType<typeof importPKCS8>>;

/** Claims the registry reads from a bearer token. */
export interface RegistryClaims {
  readonly sub: string;
  readonly role: Exclude<Role, 'SYSTEM'>;
  /** CERTIFIER: its certifier id; FIRM: its firm id; REGULATOR: its jurisdiction code. */
  readonly acting_for?: string;
}

/**
 * The embedded mode's signing key: generated once into the data directory (private key readable by the
 * owner only), so tokens survive restarts. Production configures a public key or a JWKS URL instead.
 */
export const loadOrCreateLocalKeys = async (keyDir: string) => {
  const privatePath = join(keyDir, 'private.pem');
  const publicPath = join(keyDir, 'public.pem');
  if (!existsSync(privatePath) || !existsSync(publicPath)) {
    mkdirSync(keyDir, { recursive: true });
    const { privateKey, publicKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
    writeFileSync(privatePath, await exportPKCS8(privateKey), { mode: 0o600 });
    chmodSync(privatePath, 0o600);
    writeFileSync(publicPath, await exportSPKI(publicKey));
  }
  return {
    privateKey: await importPKCS8(readFileSync(privatePath, 'utf8'), TOKEN_ALGORITHM),
    publicKey: await importSPKI(readFileSync(publicPath, 'utf8'), TOKEN_ALGORITHM),
  };
};

/**
 * `expiresIn`: jose's span syntax (`8h`, `30m`, `-1m` for an already expired token). A span longer than the
 * registry accepts (AUTH_MAX_TOKEN_LIFETIME, read from the same environment as the registry's) is refused
 * here, so `npm run token -- --expires 30d` fails loudly instead of printing a token every request rejects.
 */
export const signToken = async (
  privateKey: SigningKey,
  claims: RegistryClaims,
  expiresIn = '8h',
  maxLifetimeSeconds = loadAuthLimits().maxTokenLifetimeSeconds,
): Promise<string> => {
  const token = await new SignJWT({ role: claims.role, ...(claims.acting_for ? { acting_for: claims.acting_for } : {}) })
    .setProtectedHeader({ alg: TOKEN_ALGORITHM })
    .setSubject(claims.sub)
    .setIssuer(TOKEN_ISSUER)
    .setAudience(TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(privateKey);
  const { exp, iat } = decodeJwt(token);
  const lifetime = (exp as number) - (iat as number);
  if (lifetime > maxLifetimeSeconds) {
    throw new Error(`A token may live at most ${maxLifetimeSeconds} s (AUTH_MAX_TOKEN_LIFETIME); ${expiresIn} is ${lifetime} s.`);
  }
  return token;
};
