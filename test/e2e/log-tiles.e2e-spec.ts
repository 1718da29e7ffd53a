import {
  decodeEntryBundle,
  decodeHashTile,
  hashLeaf,
  MemoryTree,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  tilePath,
  tilesOfTree,
} from '@registry/transparency';
import { TransparencyLog } from '../../apps/registry-api/src/transparency/transparency-log.service';
import { RunningRegistry } from './support/registry';

const REGISTER_FIRM = `mutation($input: RegisterFirmInput!) { registerFirm(input: $input) { id } }`;

/**
 * The log as C2SP tlog-tiles over plain HTTP, read the way a monitor reads it: the signed checkpoint, then the tiles
 * its size implies, from which the client recomputes the signed root itself; the entry bundle's entries hash to the
 * level-0 tile. Caching: tiles are immutable, misses are not cached. Malformed paths are refused.
 */
describe('C2SP tlog-tiles over HTTP (/log/tile/…)', () => {
  let registry: RunningRegistry;
  let base: string;

  beforeAll(async () => {
    registry = await RunningRegistry.start({ env: { CHECKPOINT_INTERVAL: '60m' } });
    base = registry.url.replace(/\/graphql$/, '');
    const registrar = await registry.token('REGISTRAR', 'registrar-hk');
    for (const id of ['tiles-one', 'tiles-two', 'tiles-three']) {
      const r = await registry.gql(REGISTER_FIRM, { input: { firmId: id, name: `${id} Ltd`, jurisdiction: 'HK' } }, registrar);
      expect(r.errors).toBeUndefined();
    }
    await registry.app.get(TransparencyLog).publishCheckpoint();
  });
  afterAll(() => registry?.stop());

  it('serves the tiles of the signed checkpoint; a client recomputes the signed root from them, and the entries hash to the leaves', async () => {
    const keys = (await (await fetch(`${base}/log/verifier-key`)).text()).trim().split('\n').map(parseVerifierKey);
    const checkpoint = parseCheckpoint(openNote(await (await fetch(`${base}/log/checkpoint`)).text(), keys).text);
    expect(checkpoint.size).toBe(await registry.eventCount());
    const tiles = tilesOfTree(checkpoint.size);
    const leaves: Uint8Array[] = [];
    let entries: Uint8Array[] = [];
    for (const tile of tiles) {
      const response = await fetch(`${base}/log/${tilePath(tile)}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const bytes = new Uint8Array(await response.arrayBuffer());
      if (tile.level === 0) leaves.push(...decodeHashTile(bytes));
      if (tile.level === 'entries') {
        expect(response.headers.get('content-encoding')).toBe('gzip'); // fetch has already inflated the body
        entries = entries.concat(decodeEntryBundle(bytes));
      }
    }
    expect(leaves).toHaveLength(checkpoint.size);
    const tree = new MemoryTree();
    for (const leaf of leaves) tree.append(leaf);
    expect(Buffer.from(tree.root()).equals(Buffer.from(checkpoint.rootHash))).toBe(true);
    expect(entries.map((e) => Buffer.from(hashLeaf(e)).toString('hex'))).toEqual(leaves.map((l) => Buffer.from(l).toString('hex')));
    const firm = entries.map((e) => JSON.parse(new TextDecoder().decode(e))).find((e) => e.type === 'FirmRegistered' && e.data.firmId === 'tiles-two');
    expect(firm).toMatchObject({ stream: expect.stringContaining('tiles-two'), version: 1 });

    const plain = await fetch(`${base}/log/${tilePath(tiles.find((t) => t.level === 'entries')!)}`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(decodeEntryBundle(new Uint8Array(await plain.arrayBuffer()))).toHaveLength(Math.min(256, checkpoint.size));
  });

  it('answers 404 (not cached) for a tile beyond the signed checkpoint, and 400 for a path that is not a canonical tile path', async () => {
    const size = parseCheckpoint((await (await fetch(`${base}/log/checkpoint`)).text()).split('\n\n')[0] + '\n').size;
    expect(size).toBeLessThan(255);
    for (const path of [`0/000.p/${size + 1}`, '0/000', '1/000', `entries/000.p/${size + 1}`, '0/x001/000']) {
      const response = await fetch(`${base}/log/tile/${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.headers.get('cache-control')).toBe('no-store');
    }
    const hostile = [
      '0/x000/001',
      '0/1',
      '00/000',
      '64/000',
      '0/000.p/0',
      '0/000.p/256',
      '0/000.p/07',
      'hashes/000',
      '0/00%2F1',
      `0/${'x001/'.repeat(400)}000`,
    ];
    for (const path of hostile) {
      const response = await fetch(`${base}/log/tile/${path}`);
      expect([path.slice(0, 40), response.status]).toEqual([path.slice(0, 40), 400]);
      expect(await response.text()).toContain('Not a tlog-tiles path');
    }
    // A dot-segment path is resolved away before routing: it never reaches a tile.
    expect((await fetch(`${base}/log/tile/%2e%2e/%2e%2e/etc/passwd`)).status).toBe(404);
  });
});
