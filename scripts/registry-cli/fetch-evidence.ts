import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The files of an evidence bundle, as `npx registry verify <dir>` reads them. */
export const BUNDLE = {
  credential: 'credential.jwt',
  jwks: 'jwks.json',
  checkpoint: 'checkpoint.txt',
  logKey: 'log-verifier-key.txt',
  proofs: 'proofs.json',
  previousCheckpoint: 'previous-checkpoint.txt',
  consistencyProof: 'consistency-proof.json',
} as const;

export const bundleFiles = (dir: string) => {
  const at = (name: string) => join(dir, name);
  return {
    credential: at(BUNDLE.credential),
    jwks: at(BUNDLE.jwks),
    checkpoint: existsSync(at(BUNDLE.checkpoint)) ? at(BUNDLE.checkpoint) : undefined,
    logKey: at(BUNDLE.logKey),
    proofs: at(BUNDLE.proofs),
    previousCheckpoint: existsSync(at(BUNDLE.previousCheckpoint)) ? at(BUNDLE.previousCheckpoint) : undefined,
    consistencyProof: existsSync(at(BUNDLE.consistencyProof)) ? at(BUNDLE.consistencyProof) : undefined,
    statusLists: readdirSync(dir)
      .filter((f) => /^status-.*\.jwt$/.test(f))
      .sort()
      .map(at),
  };
};

type Source = { certificationId: string } | { exportReadiness: Record<string, unknown> } | { credential: string };

const decodePayload = (jws: string): any => JSON.parse(Buffer.from(jws.split('.')[1], 'base64url').toString('utf8'));

/** The tree size a signed checkpoint names (its second body line), read without checking the signature: `verify` does that. */
export const checkpointSize = (note: string): number => {
  const size = note.split('\n')[1];
  if (!/^(0|[1-9][0-9]*)$/.test(size ?? '')) throw new Error('not a C2SP checkpoint (no tree size on its second line)');
  return Number(size);
};

/**
 * Everything a verifier needs, fetched once from a running registry: the credential, the issuer's JWKS, the status
 * lists it points to, the latest signed checkpoint and the log's verifier key, and an inclusion proof of every event
 * the credential names against that checkpoint. With `since` (a checkpoint the verifier held before), also the
 * consistency proof from it to the new checkpoint, so `verify` checks that the log only grew in between. Nothing
 * fetched is trusted here: `verify` checks it all offline.
 */
export const fetchEvidence = async (registryUrl: string, source: Source, since?: string): Promise<{ files: Record<string, string>; warnings: string[] }> => {
  const base = registryUrl.replace(/\/+$/, '').replace(/\/graphql$/, '');
  const get = async (path: string) => {
    const r = await fetch(`${base}${path}`);
    if (!r.ok) throw new Error(`GET ${base}${path}: HTTP ${r.status}`);
    return r.text();
  };
  const gql = async (query: string, variables: Record<string, unknown>) => {
    const r = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    const body = (await r.json()) as { data?: any; errors?: { message: string; extensions?: { reason?: string } }[] };
    if (body.errors?.length) throw new Error(`${body.errors[0].extensions?.reason ?? 'GraphQL'}: ${body.errors[0].message}`);
    return body.data;
  };
  const warnings: string[] = [];
  const files: Record<string, string> = {};
  const credential =
    'credential' in source
      ? source.credential
      : 'certificationId' in source
        ? (await gql(`query($id: ID!) { certificationCredential(id: $id) { jws } }`, { id: source.certificationId })).certificationCredential.jws
        : (await gql(`query($input: ExportReadinessInput!) { exportReadinessCredential(input: $input) { jws } }`, { input: source.exportReadiness }))
            .exportReadinessCredential.jws;
  files[BUNDLE.credential] = `${credential}\n`;
  const payload = decodePayload(credential);
  files[BUNDLE.jwks] = await get('/.well-known/jwks.json');
  const statusUrls = [
    ...new Set(
      ((Array.isArray(payload.credentialStatus) ? payload.credentialStatus : []) as { statusListCredential: string }[]).map((e) => e.statusListCredential),
    ),
  ];
  for (const url of statusUrls) {
    const path = new URL(url).pathname;
    // Fetched from the registry asked, not from the URL's host: the list's own signature and `id` are what count.
    files[`status-${path.split('/').filter(Boolean).slice(-2).join('-')}.jwt`] = await get(path);
  }
  files[BUNDLE.logKey] = await get('/log/verifier-key');
  let checkpoint: { treeSize: number } | null = null;
  try {
    files[BUNDLE.checkpoint] = await get('/log/checkpoint');
    checkpoint = (await gql(`{ logCheckpoint { treeSize note } }`, {})).logCheckpoint;
    if (checkpoint && (checkpoint as any).note !== files[BUNDLE.checkpoint]) {
      // A new checkpoint between the two reads: keep the one whose size the proofs are asked for.
      files[BUNDLE.checkpoint] = (checkpoint as any).note;
    }
  } catch (e) {
    warnings.push(`no checkpoint: ${(e as Error).message}`);
  }
  const events = ((payload.evidence ?? []) as { type: string; eventId: string; leafIndex: number | null }[]).filter((e) => e.type === 'RegistryLogEvent');
  const proofs = [];
  for (const e of events) {
    if (!checkpoint) break;
    if (e.leafIndex === null || e.leafIndex >= checkpoint.treeSize) {
      warnings.push(`event ${e.eventId} is not in the latest checkpoint yet (size ${checkpoint.treeSize}): fetch again after the next checkpoint`);
      continue;
    }
    const p = (
      await gql(`query($id: ID!, $size: Int!) { inclusionProof(eventId: $id, treeSize: $size) { eventId leafIndex treeSize hashes entry } }`, {
        id: e.eventId,
        size: checkpoint.treeSize,
      })
    ).inclusionProof;
    proofs.push(p);
  }
  files[BUNDLE.proofs] = `${JSON.stringify(proofs, null, 2)}\n`;
  if (since !== undefined && checkpoint) {
    files[BUNDLE.previousCheckpoint] = since;
    const held = checkpointSize(since);
    const [first, second] = held <= checkpoint.treeSize ? [held, checkpoint.treeSize] : [checkpoint.treeSize, held];
    if (first === 0 || first === second) files[BUNDLE.consistencyProof] = `${JSON.stringify({ first, second, hashes: [] }, null, 2)}\n`;
    else
      try {
        const proof = (
          await gql(`query($first: Int!, $second: Int!) { consistencyProof(first: $first, second: $second) { first second hashes } }`, { first, second })
        ).consistencyProof;
        files[BUNDLE.consistencyProof] = `${JSON.stringify(proof, null, 2)}\n`;
      } catch (e) {
        // E.g. the checkpoint held is larger than any this registry signed: `verify` then reports the missing proof.
        warnings.push(`no consistency proof from ${first} to ${second} leaves: ${(e as Error).message}`);
      }
  }
  return { files, warnings };
};
