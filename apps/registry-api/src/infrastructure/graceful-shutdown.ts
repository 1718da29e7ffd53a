import { Inject, Injectable, INestApplication, Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Stopping without dropping anything. On SIGTERM the registry:
 * 1. drains: for `SHUTDOWN_DRAIN` seconds new requests are answered 503 (with Retry-After and
 *    `Connection: close`), so a load balancer sees it as not ready and sends no more, while nobody gets a
 *    reset connection or an empty reply;
 * 2. stops accepting connections and closes idle keep-alive ones;
 * 3. lets the requests in flight finish (their writes are acknowledged only once stored);
 * 4. closes the app (projections stop after their batch, the store is flushed and closed) and exits —
 *    all within `SHUTDOWN_GRACE_PERIOD`; what is still running then is cut off and the exit code says so.
 */
@Injectable()
export class GracefulShutdown {
  private readonly logger = new Logger('Shutdown');
  private draining = false;
  private stopBy: number | undefined;
  private inFlight = 0;
  private readonly whenIdle: (() => void)[] = [];

  constructor(@Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * When the process must have exited (epoch ms), once a signal has started `stop`; undefined before, and when the app
   * is closed without one (tests, the CLI). Work that may go on while the app closes (a verdict snapshot being
   * written) finishes before it or is given up.
   */
  get deadline(): number | undefined {
    return this.stopBy;
  }

  /**
   * Counts requests in flight; while draining, answers new ones 503. Mounted before every route. Health
   * probes go through: /health/ready answers 503 itself (terminus' format, naming the `shutdown` check) and
   * /health/live stays 200, so an orchestrator does not kill a process that is stopping cleanly.
   */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    if (this.draining && !req.path.startsWith('/health/')) {
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(this.config.shutdown.drainSeconds))));
      res.status(503).json({
        errors: [
          {
            message: 'The registry is shutting down: retry shortly (another instance may answer).',
            extensions: { code: 'SERVICE_UNAVAILABLE', reason: 'SERVER.SHUTTING_DOWN' },
          },
        ],
      });
      return;
    }
    this.inFlight++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (--this.inFlight === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    };
    res.on('finish', finish);
    res.on('close', finish);
    next();
  };

  /** Drains and closes the app; resolves with the exit code (0: everything finished, 1: cut off at the grace period). */
  async stop(app: INestApplication, signal: string): Promise<number> {
    if (this.draining) return 0;
    this.draining = true;
    const { drainSeconds, graceSeconds } = this.config.shutdown;
    const deadline = Date.now() + graceSeconds * 1000;
    this.stopBy = deadline;
    this.logger.log(
      `${signal}: draining for ${drainSeconds} s (new requests answered 503), ${this.inFlight} request(s) in flight; exit within ${graceSeconds} s`,
    );
    await sleep(drainSeconds * 1000);
    const server = app.getHttpServer() as Server;
    server.close();
    server.closeIdleConnections();
    const idle = this.inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => this.whenIdle.push(resolve));
    const finished = await Promise.race([idle.then(() => true), sleep(Math.max(0, deadline - Date.now())).then(() => false)]);
    if (!finished) {
      this.logger.warn(`grace period of ${graceSeconds} s over with ${this.inFlight} request(s) still running: cutting them off`);
      server.closeAllConnections();
    }
    await app.close();
    this.logger.log(finished ? 'stopped cleanly' : 'stopped after the grace period');
    return finished ? 0 : 1;
  }
}
