/** The store workload: single events and 10-event batches, from 1 and from 8 concurrent writers. */
export interface Scenario {
  readonly id: string;
  readonly label: string;
  readonly writers: number;
  readonly batch: number;
  /** Appends at scale 1. */
  readonly appends: number;
}

export const SCENARIOS: readonly Scenario[] = [
  { id: 'a1w1', label: 'append 1 event, 1 writer', writers: 1, batch: 1, appends: 1000 },
  { id: 'a1w8', label: 'append 1 event, 8 writers', writers: 8, batch: 1, appends: 2400 },
  { id: 'a10w1', label: 'append 10 events, 1 writer', writers: 1, batch: 10, appends: 400 },
  { id: 'a10w8', label: 'append 10 events, 8 writers', writers: 8, batch: 10, appends: 960 },
];
