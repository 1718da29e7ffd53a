import { DiscoveryService } from '@nestjs/core';

/**
 * Marks a provider as a read model fed by the projection runner. A feature module declares its projection among
 * its own providers with this decorator; at start-up the store lifecycle finds every one (Nest's discovery) and
 * registers them with the runner before it starts. CoreModule lists none.
 */
export const ReadModelProjection = DiscoveryService.createDecorator<void>();
