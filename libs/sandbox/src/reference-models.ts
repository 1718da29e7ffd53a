import { featureNames, SUITE_FEATURES } from './generator';
import { AgeBand, Sex, SuiteKind } from './suites';

/** What a model sees of an applicant: the features by name and, in endpoint mode, the protected attributes. */
export interface ModelInput {
  readonly features: Readonly<Record<string, number>>;
  readonly sex?: Sex;
  readonly ageBand?: AgeBand;
}

export type ReferenceModelKind = 'fair' | 'proxy-biased' | 'sex-biased' | 'always-approve';

/**
 * Reference decision rules, for tests, the demo and the benchmark (and as a worked example for firms):
 * - fair: sum of the predictive features' standardised values, signed by direction; approve above 0. It
 *   ignores the proxy and the protected attributes.
 * - proxy-biased (the planted bias, upload mode): the fair score minus 3 × the standardised proxy feature,
 *   which is larger for women: it discriminates by sex without seeing sex.
 * - sex-biased (endpoint mode): the fair score minus 2 for women; it reads the protected attribute.
 * - always-approve: the constant answer (fair by every parity metric, useless: the accuracy floor fails it).
 */
export const referenceModel = (suite: SuiteKind, kind: ReferenceModelKind) => {
  const { predictive, proxy } = SUITE_FEATURES[suite];
  const pooled = { mean: (proxy.bySex.F.mean + proxy.bySex.M.mean) / 2, sd: 0 };
  pooled.sd = Math.sqrt((proxy.bySex.F.sd ** 2 + proxy.bySex.M.sd ** 2) / 2 + ((proxy.bySex.F.mean - proxy.bySex.M.mean) / 2) ** 2);
  const fairScore = (x: ModelInput) => predictive.reduce((s, f) => s + Math.sign(f.sep) * ((x.features[f.name] - f.mean) / f.sd), 0);
  return (x: ModelInput): 0 | 1 => {
    switch (kind) {
      case 'fair':
        return fairScore(x) > 0 ? 1 : 0;
      case 'proxy-biased':
        return fairScore(x) - 3 * ((x.features[proxy.name] - pooled.mean) / pooled.sd) > 0 ? 1 : 0;
      case 'sex-biased':
        return fairScore(x) - (x.sex === 'F' ? 2 : 0) > 0 ? 1 : 0;
      case 'always-approve':
        return 1;
    }
  };
};

/** Features as a name → value record, from the column-ordered array of an Applicant. */
export const featureRecord = (suite: SuiteKind, values: readonly number[]): Record<string, number> =>
  Object.fromEntries(featureNames(suite).map((name, i) => [name, values[i]]));
