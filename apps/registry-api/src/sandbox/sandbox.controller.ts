import { PassThrough, Readable } from 'node:stream';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RegistryError, isRegistryError } from '@registry/kernel';
import { RUN_ID, SUITE_VERSION } from '@registry/domain';
import { featuresCsv } from '@registry/sandbox';
import { admissionOf } from '../graphql/throttling';
import { requestContext, commandMetadata } from '../graphql/request-context';
import { logUnexpected } from '../graphql/error-mapping';
import { SandboxService, uploadLimit } from './sandbox.service';
import { runView, suiteParameters } from './sandbox.views';
import { drain, identityEncoded, predictionFormatOf, UNSUPPORTED_ENCODING, UNSUPPORTED_MEDIA_TYPE } from './upload-media-type';

const STATUS: Record<RegistryError['category'], number> = {
  BAD_USER_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INTERNAL: 500,
};
const SPECIAL: Record<string, number> = {
  'SANDBOX.TOO_LARGE': 413,
  'SANDBOX.UNSUPPORTED_MEDIA_TYPE': 415,
  'SANDBOX.UNSUPPORTED_ENCODING': 415,
  'SANDBOX.UPLOAD_TIMEOUT': 408,
};
const statusOf = (e: RegistryError) => SPECIAL[e.code] ?? STATUS[e.category];

const idleTimeout = (ms: number) =>
  new RegistryError('BAD_USER_INPUT', 'SANDBOX.UPLOAD_TIMEOUT', `No part of the upload arrived for ${ms / 1000} s: send it again.`, { idleSeconds: ms / 1000 });

const tooLarge = (limit: number) =>
  new RegistryError('BAD_USER_INPUT', 'SANDBOX.TOO_LARGE', `The upload is larger than the ${limit} bytes this run accepts.`, { limit });

/**
 * The body as it streams, refused (SANDBOX.TOO_LARGE) as soon as it passes `limit` bytes, and
 * (SANDBOX.UPLOAD_TIMEOUT) when no byte arrives for `idleMs` (review P3: a stalled upload held its connection).
 */
async function* limited(source: AsyncIterable<Buffer>, limit: number, idleMs: number, stall: { stalled: boolean }): AsyncGenerator<Buffer> {
  const chunks = source[Symbol.asyncIterator]();
  let bytes = 0;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => {
          // Marked as well as thrown: a parser the error passes through may wrap it.
          stall.stalled = true;
          reject(idleTimeout(idleMs));
        }, idleMs)),
    );
    let next: IteratorResult<Buffer>;
    try {
      next = await Promise.race([chunks.next(), idle]);
    } finally {
      clearTimeout(timer);
    }
    if (next.done) return;
    bytes += next.value.length;
    if (bytes > limit) throw tooLarge(limit);
    yield next.value;
  }
}

/**
 * Plain HTTP beside the GraphQL API, for what does not fit a JSON document: the predictions upload (streamed
 * through the parser, never buffered whole) and the features download (generated as it is sent).
 */
@Controller('sandbox')
export class SandboxController {
  constructor(private readonly sandbox: SandboxService) {}

  /**
   * POST /sandbox/runs/{id}/predictions, body CSV (`text/csv`, header rowId,prediction) or JSON Lines
   * (`application/x-ndjson`). 200 with the completed run; 4xx `{ error: { code, message, … } }` and nothing appended.
   */
  @Post('runs/:runId/predictions')
  async upload(@Param('runId') runId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    let limit = 64 * 1024;
    const stall = { stalled: false };
    try {
      const admission = admissionOf(req);
      if (admission?.authError) throw admission.authError;
      const actor = admission?.actor;
      if (!RUN_ID.test(runId)) throw new RegistryError('NOT_FOUND', 'SANDBOX.RUN_NOT_FOUND', 'There is no such sandbox run.');
      // Other types are answered 415 before any body parser reads them (sandboxUploadMediaType); checked again here.
      const format = predictionFormatOf(req.headers['content-type']);
      if (!format) throw new RegistryError('BAD_USER_INPUT', UNSUPPORTED_MEDIA_TYPE.code, UNSUPPORTED_MEDIA_TYPE.message);
      if (!identityEncoded(req.headers['content-encoding'])) throw new RegistryError('BAD_USER_INPUT', UNSUPPORTED_ENCODING.code, UNSUPPORTED_ENCODING.message);
      const target = await this.sandbox.uploadTarget(runId, actor);
      limit = uploadLimit(target.run.requested.rows);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) throw tooLarge(limit);
      // Through a PassThrough: a refusal mid-file stops the parser without destroying the request, which is then drained.
      const body = req.pipe(new PassThrough());
      const ctx = requestContext(actor, req.headers['x-correlation-id'] as string | undefined);
      const written = await this.sandbox.submitPredictions(target, format, limited(body, limit, this.sandbox.uploadIdleTimeoutMs, stall), commandMetadata(ctx));
      const run = await this.sandbox.run(runId, written.position);
      res.status(200).json({ run: runView(run!, actor) });
    } catch (error) {
      req.unpipe();
      if (stall.stalled) {
        // The client stopped sending: nothing to drain. Answer, then close the connection.
        const timeout = idleTimeout(this.sandbox.uploadIdleTimeoutMs);
        res.setHeader('Connection', 'close');
        res.status(408).json({ error: { code: timeout.code, category: timeout.category, message: timeout.message, ...timeout.details } });
        res.once('finish', () => req.socket.destroy());
        return;
      }
      // A refused body is drained so the client can read the answer, but not waited for past the idle timeout.
      let timer: NodeJS.Timeout | undefined;
      const complete = await Promise.race([
        drain(req, 4 * limit + 1024 * 1024),
        new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), this.sandbox.uploadIdleTimeoutMs))),
      ]).finally(() => clearTimeout(timer));
      if (!complete) {
        res.setHeader('Connection', 'close');
        res.once('finish', () => req.socket.destroy());
      }
      if (isRegistryError(error) && error.category !== 'INTERNAL') {
        res.status(statusOf(error)).json({ error: { code: error.code, category: error.category, message: error.message, ...error.details } });
        return;
      }
      res.status(500).json({ error: { code: 'INTERNAL', message: 'Internal server error', errorId: logUnexpected(error) } });
    }
  }

  /** GET /sandbox/suites/{suite}/versions/{version}/features.csv: row ids and features only, generated as sent. */
  @Get('suites/:suiteId/versions/:version/features.csv')
  async features(@Param('suiteId') suiteId: string, @Param('version') version: string, @Res() res: Response): Promise<void> {
    const suite = SUITE_VERSION.test(version) ? await this.sandbox.suiteVersion(suiteId, version) : undefined;
    if (!suite) {
      res.status(404).json({ error: { code: 'SANDBOX.SUITE_VERSION_NOT_FOUND', message: 'There is no such suite version.' } });
      return;
    }
    res.status(200).set({ 'Content-Type': 'text/csv; charset=utf-8', 'Cache-Control': 'public, max-age=86400, immutable', 'X-Suite-Digest': suite.digest });
    Readable.from(featuresCsv(suiteParameters(suite), this.sandbox.keyOf(suite))).pipe(res);
  }
}
