import { LogPosition } from '@registry/event-store';

/**
 * A view answered as the log stood at a position (a mutation answers as of its own write) carries that
 * position, so its nested fields (`history`) end there too. Not part of the SDL: GraphQL never sends it.
 */
export interface AsOf {
  readonly knownAt?: LogPosition;
}

export const asOf = <V extends object>(view: V | null, knownAt: LogPosition | undefined): (V & AsOf) | null =>
  view && knownAt ? { ...view, knownAt } : view;
