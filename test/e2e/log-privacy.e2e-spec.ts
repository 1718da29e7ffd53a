import { checkDisclosure, decodeEntryBundle, openNote, parseCheckpoint, parseVerifierKey, tilePath, tilesOfTree } from '@registry/transparency';
import { ANONYMOUS_HIDDEN_METADATA, RESTRICTED_EVENT_FIELDS } from '../../apps/registry-api/src/auth/visibility';
import { TransparencyLog } from '../../apps/registry-api/src/transparency/transparency-log.service';
import { RunningRegistry } from './support/registry';

const PROOF = `query($leafIndex: Int, $treeSize: Int!) {
  inclusionProof(leafIndex: $leafIndex, treeSize: $treeSize) { leafIndex eventId entry disclosures { path salt value } }
}`;

/** Every string inside a value (objects and arrays walked), as a reader would grep for it. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsIn)
      : value && typeof value === 'object'
        ? Object.values(value).flatMap(stringsIn)
        : [];

/**
 * The review's P1: restricted data was public through the transparency log. On the demo registry, nothing an
 * anonymous caller may not see in histories is in the bytes the log serves anonymously (tiles, inclusionProof
 * entries): every restricted value of every demo event, and every subject, correlation and causation id, is
 * looked for in them. The registrar is given the disclosures that open the commitments; a firm is not.
 */
describe('transparency log: no restricted value in what anonymous readers get (entry format 2)', () => {
  let registry: RunningRegistry;
  let base: string;
  let treeSize: number;
  const secrets = new Map<string, string>(); // value → where it comes from
  const restrictedLeaves: number[] = [];

  beforeAll(async () => {
    registry = await RunningRegistry.start({ seedDemo: true, env: { CHECKPOINT_INTERVAL: '60m' } });
    base = registry.url.replace(/\/graphql$/, '');
    await registry.app.get(TransparencyLog).publishCheckpoint();
    const keys = (await (await fetch(`${base}/log/verifier-key`)).text()).trim().split('\n').map(parseVerifierKey);
    treeSize = parseCheckpoint(openNote(await (await fetch(`${base}/log/checkpoint`)).text(), keys).text).size;
    const { rows } = await registry.db.query<{ type: string; stream: string; data: Record<string, unknown>; metadata: Record<string, unknown>; leaf: string }>(
      `SELECT e.type, e.stream_id AS stream, e.data, e.metadata, l.leaf_index::text AS leaf FROM es_events e JOIN tl_leaves l ON l.event_id = e.event_id
       WHERE l.leaf_index < $1 ORDER BY l.leaf_index`,
      [treeSize],
    );
    // What anonymous callers see anyway (histories): a hidden value that is also public elsewhere (a subject that is
    // also a firm id, a source id named in public data) is not a leak, and is not looked for.
    const visible: string[] = [];
    for (const row of rows) {
      const fields = RESTRICTED_EVENT_FIELDS[row.type] ?? [];
      visible.push(row.stream, ...stringsIn(Object.fromEntries(Object.entries(row.data).filter(([k]) => !fields.includes(k)))));
      const { actor, correlationId: _c, causationId: _d, ...rest } = row.metadata as { actor: Record<string, unknown> } & Record<string, unknown>;
      visible.push(...stringsIn(rest), ...stringsIn({ ...actor, subject: undefined }));
    }
    const isPublic = (s: string) => visible.some((v) => v.includes(s));
    for (const row of rows) {
      const fields = RESTRICTED_EVENT_FIELDS[row.type] ?? [];
      for (const field of fields) for (const s of stringsIn(row.data[field])) if (s.length >= 8) secrets.set(s, `${row.type}.${field}`);
      if (fields.some((f) => row.data[f] != null)) restrictedLeaves.push(Number(row.leaf));
      for (const path of ANONYMOUS_HIDDEN_METADATA) {
        const value = path.reduce<unknown>((at, k) => (at && typeof at === 'object' ? (at as Record<string, unknown>)[k] : undefined), row.metadata);
        for (const s of stringsIn(value)) if (s.length >= 8) secrets.set(s, `metadata.${path.join('.')}`);
      }
    }
    for (const s of [...secrets.keys()]) if (isPublic(s)) secrets.delete(s);
  }, 120_000);
  afterAll(() => registry?.stop());

  // The demo seeds no sandbox run and no transfer basis: their fields (endpoint, filingReference) are covered by
  // the unit test, which iterates every restricted field.
  it('the demo has restricted values to hide (audit digests, facilities, custodians, …)', () => {
    const kinds = new Set(secrets.values());
    for (const k of [
      'CertificationIssued.auditReportDigest',
      'WeightsLocalisationRecorded.facility',
      'WeightsLocalisationRecorded.custodian',
      'TrainingDataProvenanceRecorded.sourceDetails',
      'PublicSectorSystemRegistered.details',
      'AuditOutcomeRecorded.reportDigest',
      'metadata.correlationId',
    ])
      expect(kinds).toContain(k);
    expect(restrictedLeaves.length).toBeGreaterThan(3);
  });

  it('no tile of the signed tree (entry bundles included) contains any of them', async () => {
    let text = '';
    for (const tile of tilesOfTree(treeSize)) {
      const response = await fetch(`${base}/log/${tilePath(tile)}`);
      expect(response.status).toBe(200);
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (tile.level === 'entries')
        for (const entry of decodeEntryBundle(bytes)) {
          const parsed = JSON.parse(new TextDecoder().decode(entry));
          expect(parsed.format).toBe(2);
          for (const f of RESTRICTED_EVENT_FIELDS[parsed.type] ?? []) if (parsed.data[f] !== undefined) expect(parsed.data[f]).toMatch(/^sha256:[0-9a-f]{64}$/);
        }
      text += Buffer.from(bytes).toString('latin1') + new TextDecoder().decode(bytes);
    }
    const leaked = [...secrets].filter(([s]) => text.includes(s));
    expect(leaked).toEqual([]);
  });

  it('anonymous inclusionProof entries contain none of them and no disclosures; the registrar gets disclosures that open the commitments; a firm gets none', async () => {
    const registrar = await registry.token('REGISTRAR', 'registrar-hk');
    const firm = await registry.token('FIRM', 'firm-user', 'pearl-ai');
    for (const leafIndex of restrictedLeaves) {
      const anonymous = await registry.gql(PROOF, { leafIndex, treeSize });
      expect(anonymous.errors).toBeUndefined();
      const entry: string = anonymous.data.inclusionProof.entry;
      expect([...secrets].filter(([s]) => entry.includes(s))).toEqual([]);
      expect(anonymous.data.inclusionProof.disclosures).toBeNull();
      expect((await registry.gql(PROOF, { leafIndex, treeSize }, firm)).data.inclusionProof.disclosures).toBeNull();

      const entitled = await registry.gql(PROOF, { leafIndex, treeSize }, registrar);
      expect(entitled.data.inclusionProof.entry).toBe(entry);
      const disclosures: { path: string; salt: string; value: string }[] = entitled.data.inclusionProof.disclosures;
      expect(disclosures.length).toBeGreaterThan(0);
      for (const d of disclosures) {
        expect(checkDisclosure(entry, { path: d.path, salt: d.salt, value: JSON.parse(d.value) })).toBe(true);
        expect(checkDisclosure(entry, { path: d.path, salt: d.salt, value: 'not the value' })).toBe(false);
      }
    }
  });
});
