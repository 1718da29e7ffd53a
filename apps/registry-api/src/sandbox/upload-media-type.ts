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

export const UNSUPPORTED_ENCODING = {
  code: 'SANDBOX.UNSUPPORTED_ENCODING',
  category: 'BAD_USER_INPUT',
  message: 'Send predictions without Content-Encoding (identity): compressed uploads are not taken.',
} as const;

/** No Content-Encoding, or `identity`: what the upload route reads (it does not decompress). */
export const identityEncoded = (encoding: string | undefined): boolean => {
  const codings = (encoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
  return codings.every((c) => c === 'identity');
};

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

/** /sandbox/… paths whose percent-encoding does not decode: Express would answer its own `Failed to decode param` 400. */
const undecodable = (path: string): boolean => {
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
};

/**
 * Registered before the body parsers (main.ts): an upload in a type the route does not take is answered 415
 * SANDBOX.UNSUPPORTED_MEDIA_TYPE here, before Nest's JSON or form parser reads it. Without this, an
 * `application/json` upload got the JSON parser's own 400 ("Unexpected token … is not valid JSON") or 413, and a
 * form-encoded one was parsed whole. A compressed upload (any Content-Encoding but identity) is answered 415
 * SANDBOX.UNSUPPORTED_ENCODING (it was read as CSV and refused as SANDBOX.MISSING_HEADER), and a /sandbox/ path
 * that does not percent-decode (`/sandbox/runs/%ZZ/predictions`) 404 in the registry's error shape, where Express
 * answered `{"message":"Failed to decode param …"}`. Uploads in a type it takes go on to the route, which streams them.
 */
export const sandboxUploadMediaType = (req: Request, res: Response, next: NextFunction): void => {
  const refuse = (status: number, error: object) =>
    void drain(req, DRAIN_CAP).then((complete) => {
      if (!complete) res.setHeader('Connection', 'close');
      res.status(status).json({ error });
    });
  if (req.path.startsWith('/sandbox/') && undecodable(req.path)) {
    const upload = /^\/sandbox\/runs\//i.test(req.path);
    return refuse(404, {
      code: upload ? 'SANDBOX.RUN_NOT_FOUND' : 'SANDBOX.NOT_FOUND',
      category: 'NOT_FOUND',
      message: upload ? 'There is no such sandbox run.' : 'There is no such sandbox resource.',
    });
  }
  if (req.method !== 'POST' || !UPLOAD_ROUTE.test(req.path)) return next();
  if (!predictionFormatOf(req.headers['content-type'])) return refuse(415, UNSUPPORTED_MEDIA_TYPE);
  if (!identityEncoded(req.headers['content-encoding'])) return refuse(415, UNSUPPORTED_ENCODING);
  next();
};
