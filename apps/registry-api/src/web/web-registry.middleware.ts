import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';

/**
 * Paths the web registry must never answer: the API, operations and verification endpoints keep them whoever is
 * asking (a browser included). Everything else is answered by Nest as before unless it is a file of the build or
 * one of the single-page app's routes.
 */
export const RESERVED_PATHS = /^\/(graphql|health|metrics|log|status|\.well-known|public-sector\/baseline\.(?:csv|json))(\/|$)/;

/** The client-side routes (apps/web/src/routes.ts): a reload or a shared link on one of them gets the app. */
export const SPA_ROUTES = /^\/(certifications|models|explain|recognitions|frameworks|verify)(\/[^/]*)?\/?$|^\/public-sector\/?$/;

/** Whether a path's percent-escapes are all whole (`/models/%ZZ`, `/certifications/%` are not). */
export const decodablePath = (path: string): boolean => {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
};

/** Where `vite build` writes the web registry (dist/web), found upwards from here (src/ under jest, dist/ when built). */
export const webBuildDir = (): string | null => {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const candidate = join(dir, 'dist', 'web');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
};

export const NOT_BUILT_MESSAGE =
  'The web registry has not been built: run `npm run build` (or `npm start`, which builds it).\n' + 'The GraphQL API answers at /graphql meanwhile.\n';

/**
 * The page's own security headers: helmet's defaults without `upgrade-insecure-requests`, which would send a
 * browser to https for the scripts of a registry served over plain http (the default, on 127.0.0.1).
 */
const pageHeaders = helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });

/**
 * Serves the web registry (apps/web, built into `root`) at `/`: files of the build (hashed assets cached for a
 * year), and index.html for the app's routes so a reload or a shared link works. A path the app does not know gets
 * index.html with 404 only when a browser asks for HTML (the app shows "page not found"); any other client falls
 * through to Nest's own 404. A path with a broken percent-escape is such a path (the app shows "page not found" for
 * it too). With no build, the app's routes get a plain 503 saying how to build it, and `/` falls through to the home
 * page.
 */
export const webRegistryMiddleware =
  (root: string | null) =>
  (req: Request, res: Response, next: NextFunction): void => {
    // The full path: mounted for every route, Nest may hand the middleware a `req.path` relative to its mount point.
    const path = new URL(req.originalUrl, 'http://registry').pathname;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || RESERVED_PATHS.test(path)) return next();
    const wantsHtml = req.accepts(['application/json', 'text/html']) === 'text/html';
    // A broken percent-escape (`/models/%ZZ`) names no page, whatever it starts with.
    const decodable = decodablePath(path);
    const isRoute = decodable && (path === '/' || SPA_ROUTES.test(path));
    if (!root) {
      if (isRoute && path !== '/') {
        res.status(503).type('text/plain').set('Cache-Control', 'no-store').send(NOT_BUILT_MESSAGE);
        return;
      }
      return next();
    }
    const sendIndex = (status: number) =>
      pageHeaders(req, res, () => {
        res.status(status).sendFile('index.html', { root, headers: { 'Cache-Control': 'no-cache' } }, (error) => error && next(error));
      });
    // `/` for a program stays the home controller's JSON (links to the API); a browser gets the app.
    if (!decodable) return wantsHtml ? sendIndex(404) : next();
    if (path === '/') return wantsHtml ? sendIndex(200) : next();
    if (isRoute) return sendIndex(200);
    if (path.startsWith('/assets/') || /^\/[\w.-]+\.(svg|ico|png|txt|webmanifest)$/.test(path)) {
      const immutable = path.startsWith('/assets/');
      res.sendFile(path.slice(1), { root, dotfiles: 'deny', maxAge: immutable ? '1y' : '1h', immutable }, (error) => {
        if (!error) return;
        if (res.headersSent) return next(error);
        next();
      });
      return;
    }
    if (wantsHtml) return sendIndex(404);
    next();
  };
