export * from './countersignature';
