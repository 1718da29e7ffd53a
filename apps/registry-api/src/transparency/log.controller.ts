import { Controller, Get, NotFoundException, Res } from '@nestjs/common';
import type { Response } from 'express';
import { TransparencyLog } from './transparency-log.service';

/**
 * Plain HTTP GETs for monitors, witnesses and CDNs: the latest signed checkpoint as C2SP serves it
 * (`text/plain` signed note, as tlog-tiles' `/checkpoint`), and the log's signed-note verifier keys.
 */
@Controller('log')
export class LogController {
  constructor(private readonly log: TransparencyLog) {}

  @Get('checkpoint')
  async checkpoint(@Res() res: Response): Promise<void> {
    const checkpoint = await this.log.latestCheckpoint();
    if (!checkpoint) throw new NotFoundException('No checkpoint has been signed yet.');
    // A checkpoint may be replaced by a newer one every interval; a cache may serve one that old, no older.
    const maxAge = Math.max(1, Math.floor(this.log.checkpointIntervalMs / 1000));
    res
      .status(200)
      .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': `public, max-age=${maxAge}`, 'Access-Control-Allow-Origin': '*', 'X-Content-Type-Options': 'nosniff' })
      .send(checkpoint.note);
  }

  /** One verifier key per line (`<name>+<key id>+<base64(0x01 || Ed25519 public key)>`), the current key first. */
  @Get('verifier-key')
  async verifierKey(@Res() res: Response): Promise<void> {
    const keys = await this.log.verifierKeys();
    res
      .status(200)
      .set({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' })
      .send(keys.map((k) => `${k}\n`).join(''));
  }
}
