export * from './firm/firm.commands';
export * from './firm/firm.events';
export * from './firm/firm.errors';
export * from './firm/firm.decider';
