import { gzipSync } from 'node:zlib';
import { BadRequestException, Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isRegistryError } from '@registry/kernel';
import { TransparencyLog } from './transparency-log.service';

/** Tiles never change once they exist (a partial tile is a different URL from the full one): cache them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Plain HTTP GETs for monitors, witnesses and CDNs, with `/log` as the C2SP tlog-tiles prefix: the latest signed
 * checkpoint (`text/plain` signed note, tlog-tiles' `<prefix>/checkpoint`), the log's signed-note verifier keys,
 * and the tree and entries as tlog-tiles (`<prefix>/tile/<L>/<N>[.p/<W>]`, `<prefix>/tile/entries/<N>[.p/<W>]`).
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
      .set({
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': `public, max-age=${maxAge}`,
        'Access-Control-Allow-Origin': '*',
        'X-Content-Type-Options': 'nosniff',
      })
      .send(checkpoint.note);
  }

  /**
   * A tlog-tiles hash tile or entry bundle (application/octet-stream, immutable). 400 for a path that is not a
   * canonical tile path, 404 for a tile the latest signed checkpoint's tree does not have (yet). Entry bundles are
   * gzipped for a client that accepts it, as the spec recommends.
   */
  @Get('tile/*path')
  async tile(@Req() req: Request, @Res() res: Response): Promise<void> {
    const raw = (req.params as Record<string, string | string[]>).path;
    const path = Array.isArray(raw) ? raw.join('/') : String(raw ?? '');
    let found;
    try {
      found = await this.log.tile(path);
    } catch (error) {
      if (isRegistryError(error) && error.category === 'BAD_USER_INPUT') throw new BadRequestException(`Not a tlog-tiles path: ${error.message}`);
      throw error;
    }
    if (!found) {
      res
        .status(404)
        .set({ 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': '*', 'Content-Type': 'text/plain; charset=utf-8' })
        .send('No such tile in the latest signed checkpoint’s tree.\n');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': 'application/octet-stream',
      'Cache-Control': IMMUTABLE,
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    };
    let body = Buffer.from(found.bytes);
    if (found.tile.level === 'entries') {
      headers.Vary = 'Accept-Encoding';
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
        body = gzipSync(body);
        headers['Content-Encoding'] = 'gzip';
      }
    }
    res.status(200).set(headers).send(body);
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
