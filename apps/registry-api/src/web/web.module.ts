import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { webBuildDir, webRegistryMiddleware } from './web-registry.middleware';

/**
 * The public web registry (apps/web, built by `npm run build` into dist/web), served at `/` by the same app.
 * It owns no data and no route of its own: the app in the browser reads the public GraphQL API like any client.
 * See web-registry.middleware.ts for which paths it answers (never /graphql, /health, /metrics, /log, /status,
 * /.well-known).
 */
@Module({})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // A plain path, not a wildcard: Nest mounts it with Express's `use('/')`, which runs it for every path and
    // decodes nothing. A wildcard (`{*path}`) is a route parameter that the router decodes before any middleware
    // runs, so a broken escape (`/models/%ZZ`) never reached this one and got Express's JSON 400 instead of the page.
    consumer.apply(webRegistryMiddleware(webBuildDir())).forRoutes('/');
  }
}
