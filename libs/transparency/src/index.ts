export * from './merkle';
export * from './memory-tree';
export * from './entry';
export * from './note';
export * from './checkpoint';
export * from './tiles';
export * from './stored-nodes';
