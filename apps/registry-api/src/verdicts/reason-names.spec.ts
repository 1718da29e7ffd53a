import {
  LineStatus as SdlLineStatus,
  ReadinessBlocker as SdlReadinessBlocker,
  ReadinessReason as SdlReadinessReason,
  ReadinessStatus as SdlReadinessStatus,
} from '@registry/contract';
import type { LineStatus, ReadinessBlocker, ReadinessReason, ReadinessStatus } from '@registry/domain';

/** True only when A and B are the same union of string literals. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

// One name and one set of values for each readiness concept in the SDL (the public contract) and the domain:
// a value added to one side and not the other fails to compile here.
const agree: [
  Same<ReadinessStatus, `${SdlReadinessStatus}`>,
  Same<LineStatus, `${SdlLineStatus}`>,
  Same<ReadinessReason, `${SdlReadinessReason}`>,
  Same<ReadinessBlocker, `${SdlReadinessBlocker}`>,
] = [true, true, true, true];

describe('readiness names: the SDL and the domain agree', () => {
  it('ReadinessStatus, LineStatus, ReadinessReason and ReadinessBlocker have the same names and values on both sides', () => {
    expect(agree).toEqual([true, true, true, true]);
    expect(Object.values(SdlReadinessReason).length).toBeGreaterThan(10);
  });
});
