export * from './errors';
export * from './actor';
export * from './metadata';
export * from './decider';
export * from './stream-name';
