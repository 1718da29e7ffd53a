import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { EVENT_STORE, EventStore, LOG_START } from '@registry/event-store';
import { Actor, CommandMetadata } from '@registry/kernel';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterFirmCommand } from '../firms/commands/register-firm/register-firm.command';

/** The demo catalog is written by the registrar, through the same deciders as any user's command. */
const DEMO_REGISTRAR: Actor = { subject: 'demo-catalog', role: 'REGISTRAR' };

const DEMO_FIRMS = [
  { firmId: 'cathay-vision', name: 'Cathay Vision AI Ltd (demo)', jurisdiction: 'HK' },
  { firmId: 'harbour-lending', name: 'Harbour Lending Analytics Ltd (demo)', jurisdiction: 'HK' },
  { firmId: 'pearl-river-gen', name: 'Pearl River Generative Co (demo)', jurisdiction: 'CN' },
];

/**
 * Loads illustrative reference data on first start of an empty store, through the command bus like any user. Each command carries an idempotency
 * key, so two processes seeding one PostgreSQL database at once still write it once.
 */
@Injectable()
export class DemoCatalog {
  private readonly logger = new Logger('DemoCatalog');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly commands: CommandBus,
  ) {}

  async loadIfEmpty(): Promise<boolean> {
    const head = await this.store.headPosition();
    if (head.globalPosition !== LOG_START.globalPosition) return false;
    await this.load();
    return true;
  }

  async load(): Promise<void> {
    const correlationId = randomUUID();
    const meta = (key: string): CommandMetadata => ({
      actor: DEMO_REGISTRAR,
      issuedAt: new Date().toISOString(),
      correlationId,
      causationId: null,
      commandId: randomUUID(),
      idempotencyKey: `demo-catalog:${key}`,
    });
    for (const firm of DEMO_FIRMS) {
      await this.commands.execute(new RegisterFirmCommand(firm, meta(`firm:${firm.firmId}`)));
    }
    this.logger.log(`demo catalog loaded: ${DEMO_FIRMS.length} firms`);
  }
}
