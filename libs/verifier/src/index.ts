export * from './countersignature';
export * from './credential-verifier';
