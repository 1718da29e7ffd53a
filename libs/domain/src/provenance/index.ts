export * from './provenance.events';
export * from './provenance.commands';
export * from './provenance.errors';
export * from './provenance.decider';
