import { Controller, Get, Header, Res } from '@nestjs/common';
import type { Response } from 'express';
import { RegistryMetrics } from './metrics';

/**
 * Prometheus scrape endpoint. Public like the rest of the registry's reads: it shows counts, latencies,
 * positions and bounded operation names, never ids or payloads. Keep it on the internal network anyway
 * (docs/architecture.md, "Operating it").
 */
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: RegistryMetrics) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    const text = await this.metrics.registry.metrics();
    res.type(this.metrics.registry.contentType);
    return text;
  }
}
