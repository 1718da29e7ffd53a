import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SqlDatabase } from '@registry/event-store';
import { CredentialsConfig } from '../config/credentials.config';
import { READ_DB } from '../infrastructure/event-store.providers';
import { encodeStatusList } from './bitstring';
import { CredentialSigner, SignedCredential } from './credential-signer';
import { CREDENTIALS_CONFIG, VC_V2_CONTEXT } from './credentials.tokens';
import { StatusPurpose, StatusSlot, statusRows } from './status-list.projection';

/** How long a verifier or CDN may reuse a status list (its `ttl` and HTTP max-age). */
export const STATUS_LIST_TTL_SECONDS = 60;

/** A `BitstringStatusListEntry` as certification credentials carry it. */
export interface StatusListEntry {
  readonly id: string;
  readonly type: 'BitstringStatusListEntry';
  readonly statusPurpose: StatusPurpose;
  readonly statusListIndex: string;
  readonly statusListCredential: string;
}

/**
 * Publishes the Bitstring Status List credentials at `<issuer>/status/<purpose>/<list>`, signed like every
 * credential. Each is re-signed when its bits change or half its validity has passed, so a request costs a
 * table read and a hash, and a cached answer is never older than the bits it was read from.
 */
@Injectable()
export class StatusListService {
  private readonly signed = new Map<string, { digest: string; at: number; credential: SignedCredential }>();

  constructor(
    private readonly signer: CredentialSigner,
    @Inject(READ_DB) private readonly db: SqlDatabase,
    @Inject(CREDENTIALS_CONFIG) private readonly config: CredentialsConfig,
  ) {}

  listUrl(purpose: StatusPurpose, list: number): string {
    return `${this.signer.issuerUrl}/status/${purpose}/${list}`;
  }

  /** The revocation and suspension entries of a certification's slot. */
  entries(slot: StatusSlot): StatusListEntry[] {
    return (['revocation', 'suspension'] as const).map((purpose) => {
      const url = this.listUrl(purpose, slot.list);
      return {
        id: `${url}#${slot.index}`,
        type: 'BitstringStatusListEntry',
        statusPurpose: purpose,
        statusListIndex: String(slot.index),
        statusListCredential: url,
      };
    });
  }

  slotOf(certificationId: string): Promise<StatusSlot | null> {
    return statusRows.slotOf(this.db, certificationId);
  }

  /** The signed status list credential, or null for a list no certification has reached yet. */
  async statusList(purpose: StatusPurpose, list: number, now = new Date()): Promise<SignedCredential | null> {
    const bits = await statusRows.setBits(this.db, purpose, list);
    if (!bits) return null;
    const encodedList = encodeStatusList(bits);
    const key = `${purpose}/${list}`;
    const digest = createHash('sha256').update(this.signer.issuerUrl).update('\0').update(encodedList).digest('hex');
    const cached = this.signed.get(key);
    const validityMs = this.config.statusListValiditySeconds * 1000;
    if (cached && cached.digest === digest && now.getTime() - cached.at < validityMs / 2) return cached.credential;
    const url = this.listUrl(purpose, list);
    const validFrom = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const credential = await this.signer.sign(
      {
        '@context': [VC_V2_CONTEXT],
        id: url,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: this.signer.issuerUrl,
        validFrom: validFrom.toISOString(),
        validUntil: new Date(validFrom.getTime() + validityMs).toISOString(),
        credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList, ttl: STATUS_LIST_TTL_SECONDS * 1000 },
      },
      now,
    );
    this.signed.set(key, { digest, at: now.getTime(), credential });
    return credential;
  }
}
