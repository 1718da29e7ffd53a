import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { SqlDatabase } from '@registry/event-store';
import { READ_DB } from '../infrastructure/event-store.providers';
import {
  consistencyProofRanges,
  formatCheckpoint,
  formatVerifierKey,
  NoteSigner,
  proofHashes,
  signNote,
  verifyConsistency,
  nodesFor,
} from '@registry/transparency';
import { TransparencyConfig } from '../config/transparency.config';
import { readLatestCheckpoint, setupCheckpointTables } from './checkpoint-store';
import { readNodes, readRoot, readTreeSize } from './tree-store';
import { LOG_SIGNER, TRANSPARENCY_CONFIG } from './transparency.tokens';

export type PublishOutcome = { readonly signed: true; readonly treeSize: number } | { readonly signed: false; readonly reason: 'EMPTY' | 'NOT_GROWN' };

/**
 * Signs a checkpoint of the tree (as far as the projection has built it) every CHECKPOINT_INTERVAL while
 * the log grows, and stores it. It runs beside appends, never in their path: it only reads the tree tables
 * and inserts into tl_checkpoints. Before signing it checks that the new tree is consistent with the last
 * checkpoint issued (C2SP tlog-checkpoint: a log MUST NOT sign an inconsistent checkpoint); a tree rebuilt
 * from altered events therefore stops the publisher with an error instead of being signed.
 */
@Injectable()
export class CheckpointPublisher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('TransparencyLog');
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();
  private stopped = false;
  private failures = 0;

  constructor(
    @Inject(READ_DB) private readonly db: SqlDatabase,
    @Inject(LOG_SIGNER) private readonly signer: NoteSigner,
    @Inject(TRANSPARENCY_CONFIG) private readonly config: TransparencyConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await setupCheckpointTables(this.db);
    await this.db.query('INSERT INTO tl_log_keys (verifier_key, key_id) VALUES ($1, $2) ON CONFLICT (verifier_key) DO NOTHING', [
      formatVerifierKey(this.signer),
      this.signer.keyId,
    ]);
    // The first checkpoint right away, so a restarted registry answers proofs without waiting an interval.
    await this.tick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.inFlight;
  }

  /**
   * Signs a checkpoint now if the tree has grown since the last one. Serialised with the timer's runs, so
   * two callers never sign the same size twice from one process (several processes may: the table's unique
   * key keeps one row per size and key).
   */
  publish(): Promise<PublishOutcome> {
    const run = this.inFlight.catch(() => undefined).then(() => this.signIfGrown());
    this.inFlight = run.catch(() => undefined);
    return run;
  }

  private async tick(): Promise<void> {
    try {
      await this.publish();
      if (this.failures > 0) this.logger.log(`checkpoint publishing recovered after ${this.failures} failed attempt(s)`);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      const e = error as { code?: string; message?: string };
      // Code and message only (never parameters): a database that is down must not flood the log with stacks.
      if (this.failures === 1 || this.failures % 20 === 0)
        this.logger.error(
          `checkpoint not signed (attempt ${this.failures}; retrying every ${this.config.checkpointIntervalMs} ms): ${e.code ? `${e.code} ` : ''}${e.message ?? String(error)}`,
        );
    }
    if (!this.stopped) {
      this.timer = setTimeout(() => void this.tick(), this.config.checkpointIntervalMs);
      // The timer alone must not keep a process (a CLI, a test) alive; shutdown clears it anyway.
      this.timer.unref();
    }
  }

  private async signIfGrown(): Promise<PublishOutcome> {
    const db = this.db;
    // One snapshot for the size, the root and the proof, so a batch committing meanwhile cannot mix them.
    const view = await db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const size = await readTreeSize(tx);
      const last = await readLatestCheckpoint(tx, this.config.origin);
      if (size === 0) return { size, last, root: undefined, proof: [] as Uint8Array[] };
      if (last && last.treeSize >= size) return { size, last, root: undefined, proof: [] };
      const root = await readRoot(tx, size);
      const ranges = last ? consistencyProofRanges(last.treeSize, size) : [];
      const proof = proofHashes(ranges, await readNodes(tx, nodesFor(ranges)));
      return { size, last, root, proof };
    });
    if (view.size === 0) return { signed: false, reason: 'EMPTY' };
    // Not grown, or shrunk below the last checkpoint while a rebuild runs: nothing to sign yet.
    if (!view.root) return { signed: false, reason: 'NOT_GROWN' };
    if (view.last && !verifyConsistency(view.last.treeSize, view.size, view.last.rootHash, view.root, view.proof))
      throw new Error(
        `refusing to sign: the tree of ${view.size} leaves is not consistent with checkpoint ${view.last.id} (size ${view.last.treeSize}); the log or its tree was altered, run npm run verify-log`,
      );
    const text = formatCheckpoint({ origin: this.config.origin, size: view.size, rootHash: view.root });
    const note = signNote(text, [this.signer]);
    await db.query(
      `INSERT INTO tl_checkpoints (tree_size, root_hash, origin, key_id, note) VALUES ($1, decode($2, 'hex'), $3, $4, $5)
       ON CONFLICT (tree_size, origin, key_id) DO NOTHING`,
      [String(view.size), Buffer.from(view.root).toString('hex'), this.config.origin, this.signer.keyId, note],
    );
    return { signed: true, treeSize: view.size };
  }
}
