import { Controller, Get, Header, Req } from '@nestjs/common';
import type { Request } from 'express';

const LINKS = [
  { href: '/graphql', what: 'GraphQL API (POST; GET for queries). In development a browser gets Apollo Sandbox there, with example operations.' },
  { href: '/health/ready', what: 'readiness probe (503 while starting, draining, or when the store or read models lag)' },
  { href: '/health/live', what: 'liveness probe' },
  { href: '/metrics', what: 'Prometheus metrics' },
  { href: '/.well-known/jwks.json', what: 'public keys verifying the registry credentials' },
];

const escape = (text: string) => text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * GET /: where to go, for a person (a short HTML page) or a program (JSON). A placeholder until the public
 * web registry is served here; it has no other job, so replacing it means deleting this controller.
 */
@Controller()
export class HomeController {
  @Get()
  @Header('Cache-Control', 'no-cache')
  home(@Req() req: Request): string | object {
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      req.res?.type('html');
      const items = LINKS.map((l) => `<li><a href="${l.href}">${escape(l.href)}</a>: ${escape(l.what)}</li>`).join('\n');
      return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>HK-AI mutual-recognition registry</title></head>\n<body><h1>HK-AI mutual-recognition registry</h1>\n<ul>\n${items}\n</ul>\n</body></html>\n`;
    }
    return { name: 'HK-AI mutual-recognition registry', links: Object.fromEntries(LINKS.map((l) => [l.href, l.what])) };
  }
}
