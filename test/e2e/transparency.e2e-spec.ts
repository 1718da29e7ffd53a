import { hashLeaf, openNote, parseCheckpoint, parseVerifierKey, verifyConsistency, verifyInclusion } from '@registry/transparency';
import { TransparencyLog } from '../../apps/registry-api/src/transparency/transparency-log.service';
import { errorCodes, fieldsOf, RunningRegistry } from './support/registry';

const REGISTER_FIRM = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id history { eventId } } }`;
const CHECKPOINT = `{ logCheckpoint { origin treeSize rootHash note keyId issuedAt } }`;
const INCLUSION = `query($eventId: ID, $leafIndex: Int, $treeSize: Int!) {
  inclusionProof(eventId: $eventId, leafIndex: $leafIndex, treeSize: $treeSize) { leafIndex treeSize hashes leafHash eventId entry } }`;
const CONSISTENCY = `query($first: Int!, $second: Int!) { consistencyProof(first: $first, second: $second) { first second hashes } }`;

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

describe('transparency log over HTTP', () => {
  let registry: RunningRegistry;
  let base: string;
  let registrar: string;

  /** Writes through the API, then has the log sign a checkpoint now (instead of waiting CHECKPOINT_INTERVAL). */
  const registerFirms = async (ids: string[]) => {
    const eventIds: string[] = [];
    for (const id of ids) {
      const r = await registry.gql(REGISTER_FIRM, { input: { firmId: id, name: `${id} Ltd`, jurisdiction: 'HK' } }, registrar);
      expect(r.errors).toBeUndefined();
      eventIds.push(...r.data.registerFirm.history.map((h: { eventId: string }) => h.eventId));
    }
    await registry.app.get(TransparencyLog).publishCheckpoint();
    return eventIds;
  };

  beforeAll(async () => {
    registry = await RunningRegistry.start();
    base = registry.url.replace(/\/graphql$/, '');
    registrar = await registry.token('REGISTRAR', 'registrar-hk');
  });
  afterAll(() => registry.stop());

  it('publishes a signed checkpoint and the verifier key that opens it (GraphQL and plain HTTP)', async () => {
    await registerFirms(['tl-one', 'tl-two']);
    const r = await registry.gql(CHECKPOINT);
    const checkpoint = r.data.logCheckpoint;
    expect(checkpoint).toMatchObject({ origin: 'hk-ai-registry.example/log/v2', treeSize: await registry.eventCount() });

    const keyResponse = await fetch(`${base}/log/verifier-key`);
    expect(keyResponse.headers.get('content-type')).toMatch(/^text\/plain/);
    const keys = (await keyResponse.text()).trim().split('\n').map(parseVerifierKey);
    expect(keys[0]).toMatchObject({ name: 'hk-ai-registry.example/log/v2', keyId: checkpoint.keyId });

    const noteResponse = await fetch(`${base}/log/checkpoint`);
    expect(noteResponse.status).toBe(200);
    expect(noteResponse.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(noteResponse.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    const note = await noteResponse.text();
    expect(note).toBe(checkpoint.note);
    const body = parseCheckpoint(openNote(note, keys).text);
    expect(body).toMatchObject({ origin: checkpoint.origin, size: checkpoint.treeSize });
    expect(Buffer.from(body.rootHash).toString('base64')).toBe(checkpoint.rootHash);
    expect(() => openNote(note.replace(/\n\d+\n/, '\n999\n'), keys)).toThrow();
  });

  it('proves an event in the signed tree by id and by leaf index, with its canonical entry', async () => {
    const [eventId] = await registerFirms(['tl-three']);
    const { logCheckpoint: cp } = (await registry.gql(CHECKPOINT)).data;
    const byId = await registry.gql(INCLUSION, { eventId, treeSize: cp.treeSize });
    expect(byId.errors).toBeUndefined();
    const proof = byId.data.inclusionProof;
    expect(proof).toMatchObject({ eventId, treeSize: cp.treeSize });
    expect(JSON.parse(proof.entry)).toMatchObject({ id: eventId, type: 'FirmRegistered', version: 1 });
    const leaf = hashLeaf(new TextEncoder().encode(proof.entry));
    expect(Buffer.from(leaf).toString('base64')).toBe(proof.leafHash);
    expect(verifyInclusion(proof.leafIndex, cp.treeSize, leaf, proof.hashes.map(b64), b64(cp.rootHash))).toBe(true);
    expect(
      verifyInclusion(
        proof.leafIndex,
        cp.treeSize,
        hashLeaf(new TextEncoder().encode(proof.entry.replace('tl-three', 'tl-thr33'))),
        proof.hashes.map(b64),
        b64(cp.rootHash),
      ),
    ).toBe(false);
    const byIndex = await registry.gql(INCLUSION, { leafIndex: proof.leafIndex, treeSize: cp.treeSize });
    expect(byIndex.data.inclusionProof).toEqual(proof);
  });

  it('proves that a later checkpoint extends an earlier one', async () => {
    const first = (await registry.gql(CHECKPOINT)).data.logCheckpoint;
    await registerFirms(['tl-four']);
    const second = (await registry.gql(CHECKPOINT)).data.logCheckpoint;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);
    const r = await registry.gql(CONSISTENCY, { first: first.treeSize, second: second.treeSize });
    const hashes = r.data.consistencyProof.hashes.map(b64);
    expect(verifyConsistency(first.treeSize, second.treeSize, b64(first.rootHash), b64(second.rootHash), hashes)).toBe(true);
    expect(verifyConsistency(first.treeSize, second.treeSize, b64(second.rootHash), b64(second.rootHash), hashes)).toBe(false);
  });

  it('refuses bad arguments naming them', async () => {
    const { treeSize } = (await registry.gql(CHECKPOINT)).data.logCheckpoint;
    const cases: [string, Record<string, unknown>, string][] = [
      [INCLUSION, { leafIndex: -1, treeSize }, 'leafIndex'],
      [INCLUSION, { leafIndex: treeSize, treeSize }, 'leafIndex'],
      [INCLUSION, { leafIndex: 0, treeSize: treeSize + 1 }, 'treeSize'],
      [INCLUSION, { leafIndex: 0, treeSize: 0 }, 'treeSize'],
      [INCLUSION, { treeSize }, 'eventId'],
      [INCLUSION, { eventId: 'not-a-uuid', treeSize }, 'eventId'],
      [CONSISTENCY, { first: 0, second: treeSize }, 'first'],
      [CONSISTENCY, { first: treeSize, second: 1 }, 'first'],
      [CONSISTENCY, { first: 1, second: treeSize + 5 }, 'second'],
    ];
    for (const [query, variables, field] of cases) {
      const r = await registry.gql(query, variables);
      expect([errorCodes(r), fieldsOf(r)]).toEqual([['BAD_USER_INPUT/INPUT.INVALID'], [field]]);
      expect(r.errors?.[0].message).toContain(field);
    }
    const unknown = await registry.gql(INCLUSION, { eventId: '00000000-0000-4000-8000-000000000000', treeSize });
    expect(errorCodes(unknown)).toEqual(['NOT_FOUND/TRANSPARENCY.EVENT_NOT_IN_TREE']);
  });
});
