import { CountersignatureVerification, equivalenceDecider, equivalenceStreamId, regulatorKeyDecider, regulatorKeyStreamId } from '@registry/domain';
import { countersignatureContent, verifyCountersignature } from '@registry/verifier';
import { defineCommand } from '../../../infrastructure/define-command';

/**
 * The regulator of the equivalence's foreign jurisdiction countersigns a PROPOSED equivalence (the decider checks
 * who, and that the signature verified). For each decision the JWS is verified over the RFC 8785 content of the
 * proposal against the jurisdiction's registered keys valid at the decision time; the key stream read is a
 * condition of the append, so a key withdrawn meanwhile makes the decision run again.
 */
export const CountersignEquivalenceCommand = defineCommand({
  decider: equivalenceDecider,
  type: 'CountersignEquivalence',
  stream: (request: { equivalenceId: string; jws: string }) => equivalenceStreamId(request.equivalenceId),
  lookUp: async (request, { issuedAt, read }) => {
    const { state } = await read.load(equivalenceStreamId(request.equivalenceId), equivalenceDecider);
    let verification: CountersignatureVerification | null = null;
    if (state.status !== 'NONE') {
      const content = countersignatureContent(state.proposal);
      const { state: keys } = await read.load(regulatorKeyStreamId(state.proposal.foreignJurisdiction), regulatorKeyDecider);
      const check = await verifyCountersignature(request.jws, content, keys.status === 'KEYS' ? keys.keys : [], issuedAt);
      verification =
        check.outcome === 'VALID'
          ? { outcome: 'VALID', keyId: check.keyId, alg: check.alg, detail: 'verified' }
          : { outcome: check.outcome, keyId: 'keyId' in check ? check.keyId : null, alg: null, detail: check.detail };
    }
    return { verification };
  },
});
