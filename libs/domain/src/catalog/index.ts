export * from './use-cases';
export * from './frameworks.catalog';
export * from './equivalences.catalog';
