import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { formatPosition } from '@registry/event-store';
import { REGISTRY_CONFIG, RegistryConfig } from '../config/registry.config';
import { GracefulShutdown } from '../infrastructure/graceful-shutdown';
import { ReadinessReadModel } from '../verdicts/readiness.read-model';
import { LogLag } from './log-lag';

/**
 * Probes for an orchestrator. `live`: the process answers (restart it if not). `ready`: it can serve right
 * now (send it traffic if so): not draining, the store answers, every projection is within
 * HEALTH_MAX_PROJECTION_LAG of the log head, and the export-readiness read model's last update did not fail.
 * Failures answer 503 in terminus' format (`status: "error"`, with `error` naming the failing checks).
 * Before start-up has finished (projections caught up, demo catalog loaded) the port is not open at all.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly shutdown: GracefulShutdown,
    private readonly lag: LogLag,
    private readonly readiness: ReadinessReadModel,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([() => this.indicator.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    const limit = this.config.operations.maxProjectionLag;
    // One sample serves both store checks (and /metrics): a single head query, at most once a second.
    const sample = this.lag.sample();
    return this.health.check([
      () => {
        const shutdown = this.indicator.check('shutdown');
        // Draining: new requests are refused, so a load balancer must stop sending them at once.
        return this.shutdown.isDraining ? shutdown.down({ message: 'draining after a termination signal' }) : shutdown.up();
      },
      async () => {
        const store = this.indicator.check('store');
        const s = await sample;
        return s.storeError || !s.head
          ? store.down({ message: `the event store did not answer: ${s.storeError ?? 'unknown'}`, latencyMs: s.storeLatencyMs })
          : store.up({ head: formatPosition(s.head), latencyMs: s.storeLatencyMs });
      },
      async () => {
        const projections = this.indicator.check('projections');
        const s = await sample;
        const behind = s.projections.filter((p) => (limit.unit === 'events' ? p.events : p.seconds) >= limit.value);
        const lag = Object.fromEntries(
          s.projections.map((p) => [p.name, { position: formatPosition(p.position), lagEvents: p.events, lagSeconds: Math.round(p.seconds * 10) / 10 }]),
        );
        const data = { maxLag: `${limit.value} ${limit.unit}`, lag };
        if (!s.head) return projections.down({ ...data, message: 'the log head is unknown (the store did not answer)' });
        return behind.length
          ? projections.down({ ...data, message: `behind the log head by the limit or more: ${behind.map((p) => p.name).join(', ')}` })
          : projections.up(data);
      },
      () => {
        const readModel = this.indicator.check('exportReadiness');
        const h = this.readiness.health();
        const data = { pendingChanges: h.pendingCount, consecutiveFailures: h.consecutiveFailures, lastSuccessAt: h.lastSuccessAt };
        return h.lastError
          ? readModel.down({ ...data, message: `the last update failed (${h.lastError.code}); retrying at ${h.nextRetryAt ?? 'the next change'}` })
          : readModel.up(data);
      },
    ]);
  }
}
