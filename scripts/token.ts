/**
 * Prints a bearer token signed with the embedded registry's local key (the one in <data dir>/auth).
 *   npm run token -- --role registrar --subject registrar-hk
 *   npm run token -- --role certifier --subject cb-001
 *   npm run token -- --role regulator --subject eu-ai-office --jurisdiction EU
 *   npm run token -- --role firm --subject acme-admin --firm acme
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { loadConfig } from '../apps/registry-api/src/config/registry.config';
import { loadOrCreateLocalKeys, RegistryClaims, signToken } from '../apps/registry-api/src/auth/local-keys';
import { loadAuthLimits } from '../apps/registry-api/src/config/auth-limits.config';
import { tokenLifetime } from './registry-cli/token-lifetime';

const program = new Command('token')
  .description('Print a bearer token for the embedded registry (signed with its local key).')
  .addOption(new Option('--role <role>', 'who the token speaks for').choices(['registrar', 'certifier', 'regulator', 'firm']).makeOptionMandatory())
  .requiredOption('--subject <id>', 'the token subject, e.g. registrar-hk, cb-001, acme-admin')
  .option('--certifier <id>', 'CERTIFIER: the certifier id it acts for (default: the subject)')
  .option('--firm <id>', 'FIRM: the firm id it acts for (default: the subject)')
  .option('--jurisdiction <code>', 'REGULATOR: the jurisdiction it regulates, e.g. EU, CN, SG', (v) => {
    if (!/^(EU|[A-Z]{2})$/.test(v)) throw new InvalidArgumentError('a two-letter code such as EU, CN or SG');
    return v;
  })
  .option('--expires <span>', 'lifetime, e.g. 8h, 30m, 90s: positive, at most AUTH_MAX_TOKEN_LIFETIME (24h by default)', '8h')
  .parse();

const opts = program.opts<{ role: string; subject: string; certifier?: string; firm?: string; jurisdiction?: string; expires: string }>();

(async () => {
  // Refused before any key is read or created: an expired or over-long token is no token (exit 2, a usage error).
  const lifetime = tokenLifetime(opts.expires, loadAuthLimits().maxTokenLifetimeSeconds);
  if ('refusal' in lifetime) {
    process.stderr.write(`token: ${lifetime.refusal}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  if (config.auth.kind !== 'local') throw new Error('This registry verifies tokens from an external issuer; ask that issuer for a token.');
  const role = opts.role.toUpperCase() as RegistryClaims['role'];
  const actingFor =
    role === 'CERTIFIER'
      ? (opts.certifier ?? opts.subject)
      : role === 'FIRM'
        ? (opts.firm ?? opts.subject)
        : role === 'REGULATOR'
          ? opts.jurisdiction
          : undefined;
  if (role === 'REGULATOR' && !actingFor) program.error('a regulator token needs --jurisdiction');
  const { privateKey } = await loadOrCreateLocalKeys(config.auth.keyDir);
  process.stdout.write(`${await signToken(privateKey, { sub: opts.subject, role, acting_for: actingFor }, `${lifetime.seconds}s`)}\n`);
})().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
