import { Inject, Injectable, Optional } from '@nestjs/common';
import { ProjectionRunner } from '@registry/projections';
import { SqlDatabase } from '@registry/event-store';
import { READ_DB } from '../infrastructure/event-store.providers';
import { badInput, notFound, RegistryError } from '@registry/kernel';
import {
  consistencyProofRanges,
  Disclosure,
  formatVerifierKey,
  inclusionProofRanges,
  NoteSigner,
  nodesFor,
  proofHashes,
  encodeEntryBundle,
  EventLike,
  encodeHashTile,
  parseTilePath,
  TILE_HEIGHT,
  TILE_WIDTH,
  TileId,
  TilePathError,
  treeHasTile,
} from '@registry/transparency';
import { TransparencyConfig } from '../config/transparency.config';
import { readLatestCheckpoint, readVerifierKeys } from './checkpoint-store';
import { CheckpointPublisher, PublishOutcome } from './checkpoint-publisher';
import { ConsistencyProof, InclusionProof, SignedCheckpoint, TransparencyLogPort } from './transparency-log';
import { readNodeRange, readNodes } from './tree-store';
import { TRANSPARENCY_TREE } from './transparency-tree.projection';
import { readEventById, readEventsByLeaves } from './event-rows';
import { logEntryBytesOf, logEntryWithDisclosures, readCommitmentKey } from './entry-commitments';
import { LOG_SIGNER, TRANSPARENCY_CONFIG } from './transparency.tokens';

const b64 = (h: Uint8Array) => Buffer.from(h).toString('base64');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An input refusal naming its argument, in the shape every other input refusal has (`extensions.fields`). */
const invalid = (field: string, problem: string) =>
  badInput('INPUT.INVALID', `${field} ${problem}`, { fields: [{ field, problems: [`${field} ${problem}`] }] });

const checkCount = (field: string, value: number, min: number) => {
  if (!Number.isSafeInteger(value)) throw invalid(field, 'must be a whole number');
  if (value < min) throw invalid(field, `must be at least ${min}`);
};

/** An inclusion proof with the leaf it proves, as the GraphQL answer carries it. */
export interface InclusionProofWithEntry extends InclusionProof {
  readonly leafHash: string;
  readonly eventId: string;
  /** RFC 8785 canonical JSON of the event's log entry (format 2: hidden values committed to), read from the event store now. */
  readonly entry: string;
  /** The hidden values of the entry with their salts: only for a caller entitled to see them (else null). */
  readonly disclosures: readonly Disclosure[] | null;
}

/**
 * The transparency log's read side: signed checkpoints, and proofs built from the stored tree with ONE
 * query for the proof's O(log n) node hashes (plus one for the sizes). Every size asked for must be covered
 * by a signed checkpoint: a proof against an unsigned size could not be checked by anyone.
 */
@Injectable()
export class TransparencyLog implements TransparencyLogPort {
  constructor(
    @Inject(READ_DB) private readonly db: SqlDatabase,
    private readonly publisher: CheckpointPublisher,
    @Inject(LOG_SIGNER) private readonly signer: NoteSigner,
    @Inject(TRANSPARENCY_CONFIG) private readonly config: TransparencyConfig,
    @Optional() private readonly projections?: ProjectionRunner,
  ) {}

  async latestCheckpoint(): Promise<SignedCheckpoint | null> {
    const row = await readLatestCheckpoint(this.db, this.config.origin);
    return row && { origin: row.origin, treeSize: row.treeSize, rootHash: b64(row.rootHash), note: row.note, keyId: row.keyId, issuedAt: row.issuedAt };
  }

  /**
   * Signs a checkpoint now if the tree grew (e.g. right after a write whose inclusion must be provable at once).
   * Commands do not wait for the tree, so it is first caught up with everything in the log now.
   */
  async publishCheckpoint(): Promise<PublishOutcome> {
    if (this.projections?.positions().has(TRANSPARENCY_TREE)) await this.projections.catchUp([TRANSPARENCY_TREE]);
    return this.publisher.publish();
  }

  async leafIndexOf(eventId: string): Promise<number | null> {
    if (!UUID.test(eventId)) return null;
    const { rows } = await this.db.query<{ leaf_index: string }>('SELECT leaf_index::text AS leaf_index FROM tl_leaves WHERE event_id = $1::uuid', [eventId]);
    return rows.length ? Number(rows[0].leaf_index) : null;
  }

  async inclusionProof(leafIndex: number, treeSize: number): Promise<InclusionProof> {
    checkCount('leafIndex', leafIndex, 0);
    checkCount('treeSize', treeSize, 1);
    await this.checkSigned('treeSize', treeSize);
    if (leafIndex >= treeSize) throw invalid('leafIndex', `must be below treeSize (${treeSize})`);
    const ranges = inclusionProofRanges(leafIndex, treeSize);
    const node = await readNodes(this.db, nodesFor(ranges));
    return { leafIndex, treeSize, hashes: proofHashes(ranges, node).map(b64) };
  }

  /** The inclusion proof of an event (by id or leaf index) with its leaf hash and canonical entry. */
  async inclusionProofOf(
    target: { eventId?: string | null; leafIndex?: number | null },
    treeSize: number,
    mayDisclose: (event: EventLike) => boolean = () => false,
  ): Promise<InclusionProofWithEntry> {
    const byId = target.eventId != null;
    if (byId === (target.leafIndex != null))
      throw invalid(byId ? 'leafIndex' : 'eventId', byId ? 'must not be given with eventId' : 'or leafIndex must be given (exactly one of them)');
    if (byId && !UUID.test(target.eventId!)) throw invalid('eventId', 'must be a UUID');
    if (!byId) checkCount('leafIndex', target.leafIndex!, 0);
    checkCount('treeSize', treeSize, 1);
    const { rows } = await this.db.query<{ leaf_index: string; event_id: string; hash: Uint8Array }>(
      `SELECT l.leaf_index::text AS leaf_index, l.event_id::text AS event_id, l.hash
       FROM tl_leaves l
       WHERE ${byId ? 'l.event_id = $1::uuid' : 'l.leaf_index = $1::bigint'}`,
      [byId ? target.eventId : String(target.leafIndex)],
    );
    if (!rows.length)
      throw byId
        ? notFound('TRANSPARENCY.EVENT_NOT_IN_TREE', `No event ${target.eventId} in the transparency log (unknown, or not yet applied to the tree).`, {
            field: 'eventId',
          })
        : invalid('leafIndex', `must be below treeSize (${treeSize})`);
    const leafIndex = Number(rows[0].leaf_index);
    if (byId && leafIndex >= treeSize)
      throw notFound(
        'TRANSPARENCY.EVENT_NOT_IN_TREE',
        `Event ${target.eventId} is leaf ${leafIndex}, not in the tree of ${treeSize} leaves; ask for a larger treeSize.`,
        { field: 'treeSize' },
      );
    const proof = await this.inclusionProof(leafIndex, treeSize);
    const event = await readEventById(this.db, rows[0].event_id);
    if (!event) throw new RegistryError('INTERNAL', 'TRANSPARENCY.EVENT_MISSING', 'An event of the tree is missing from the event store.');
    const { entry, disclosures } = logEntryWithDisclosures(event, await this.commitmentKey());
    return { ...proof, leafHash: b64(new Uint8Array(rows[0].hash)), eventId: rows[0].event_id, entry, disclosures: mayDisclose(event) ? disclosures : null };
  }

  async consistencyProof(first: number, second: number): Promise<ConsistencyProof> {
    checkCount('first', first, 1);
    checkCount('second', second, 1);
    if (first > second) throw invalid('first', `must not exceed second (${second})`);
    await this.checkSigned('second', second);
    const ranges = consistencyProofRanges(first, second);
    const node = await readNodes(this.db, nodesFor(ranges));
    return { first, second, hashes: proofHashes(ranges, node).map(b64) };
  }

  /**
   * A C2SP tlog-tiles resource, by its path below `tile/` (`<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`): the
   * stored hashes at tree level 8·L, or the entries (RFC 8785 JSON, as the leaves hash them) in a uint16-length
   * bundle. Only tiles of the latest signed checkpoint's tree are served (null otherwise): like the proofs, nothing
   * beyond what was signed. A malformed or non-canonical path is a BAD_USER_INPUT naming `path`.
   */
  async tile(path: string): Promise<{ tile: TileId; bytes: Uint8Array } | null> {
    let tile: TileId;
    try {
      tile = parseTilePath(path);
    } catch (error) {
      if (error instanceof TilePathError) throw invalid('path', error.message);
      throw error;
    }
    const latest = await readLatestCheckpoint(this.db, this.config.origin);
    if (!latest || !treeHasTile(latest.treeSize, tile)) return null;
    const from = tile.index * TILE_WIDTH;
    const to = from + tile.width;
    if (tile.level !== 'entries') return { tile, bytes: encodeHashTile(await readNodeRange(this.db, tile.level * TILE_HEIGHT, from, to)) };
    const events = await readEventsByLeaves(this.db, from, to);
    if (events.length !== tile.width)
      throw new RegistryError('INTERNAL', 'TRANSPARENCY.EVENT_MISSING', 'An event of the tree is missing from the event store.');
    const key = await this.commitmentKey();
    return { tile, bytes: encodeEntryBundle(events.map((e) => logEntryBytesOf(e, key))) };
  }

  /** The log's verifier keys, the current one first, then every key it signed with before and the configured retired ones. */
  async verifierKeys(): Promise<string[]> {
    const current = formatVerifierKey(this.signer);
    const stored = await readVerifierKeys(this.db);
    return [...new Set([current, ...stored, ...this.config.retiredVerifierKeys])];
  }

  get origin(): string {
    return this.config.origin;
  }

  get checkpointIntervalMs(): number {
    return this.config.checkpointIntervalMs;
  }

  private async checkSigned(field: string, treeSize: number): Promise<void> {
    const latest = await readLatestCheckpoint(this.db, this.config.origin);
    if (!latest || treeSize > latest.treeSize) throw invalid(field, `must not exceed the latest signed checkpoint's tree size (${latest?.treeSize ?? 0})`);
  }

  private key: Uint8Array | undefined;

  /** The commitment key the tree projection created (it exists once the tree has a leaf). */
  private async commitmentKey(): Promise<Uint8Array> {
    this.key ??= await readCommitmentKey(this.db);
    if (!this.key) throw new RegistryError('INTERNAL', 'TRANSPARENCY.NO_COMMITMENT_KEY', 'The transparency log has no commitment key yet.');
    return this.key;
  }
}
