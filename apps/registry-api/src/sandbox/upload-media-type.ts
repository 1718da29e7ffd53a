import type { NextFunction, Request, Response } from 'express';
import type { PredictionFormat } from '@registry/sandbox';

/** The content types a predictions upload is taken in (parameters such as `; charset=utf-8` are ignored). */
const FORMATS: Record<string, PredictionFormat> = {
  'text/csv': 'csv',
  'application/x-ndjson': 'jsonl',
  'application/jsonl': 'jsonl',
  'application/json-lines': 'jsonl',
};

/** The upload's format from its Content-Type, or undefined when the upload route does not take that type. */
export const predictionFormatOf = (contentType: string | undefined): PredictionFormat | undefined =>
  FORMATS[(contentType ?? '').split(';')[0].trim().toLowerCase()];

export const UNSUPPORTED_MEDIA_TYPE = {
  code: 'SANDBOX.UNSUPPORTED_MEDIA_TYPE',
  category: 'BAD_USER_INPUT',
  message: 'Send predictions as text/csv or application/x-ndjson.',
} as const;

/**
 * Reads and discards what is left of a refused body (up to `cap` bytes), so the client, still sending, can
 * read the refusal; past the cap the connection is closed instead.
 */
export const drain = (req: Request, cap: number) =>
  new Promise<boolean>((resolve) => {
    if (req.readableEnded) return resolve(true);
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > cap) {
        req.pause();
        resolve(false);
      }
    });
    req.once('end', () => resolve(true));
    req.once('error', () => resolve(false));
    req.resume();
  });

/** POST /sandbox/runs/{id}/predictions, as Express routes it by default (any case, an optional trailing slash). */
const UPLOAD_ROUTE = /^\/sandbox\/runs\/[^/]+\/predictions\/?$/i;
/** What a refused upload's body is read up to before the connection is closed instead. */
const DRAIN_CAP = 1024 * 1024;

/**
 * Registered before the body parsers (main.ts): an upload in a type the route does not take is answered 415
 * SANDBOX.UNSUPPORTED_MEDIA_TYPE here, before Nest's JSON or form parser reads it. Without this, an
 * `application/json` upload got the JSON parser's own 400 ("Unexpected token … is not valid JSON") or 413, and a
 * form-encoded one was parsed whole. Uploads in a type it takes go on to the route, which streams them.
 */
export const sandboxUploadMediaType = (req: Request, res: Response, next: NextFunction): void => {
  if (req.method !== 'POST' || !UPLOAD_ROUTE.test(req.path) || predictionFormatOf(req.headers['content-type'])) return next();
  void drain(req, DRAIN_CAP).then((complete) => {
    if (!complete) res.setHeader('Connection', 'close');
    res.status(415).json({ error: UNSUPPORTED_MEDIA_TYPE });
  });
};
