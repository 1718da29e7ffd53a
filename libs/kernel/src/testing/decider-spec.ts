import { Decider, DomainEvent, fold } from '../decider';
import { RegistryError } from '../errors';

/**
 * given(events).when(command).then(events) / .thenFails(code): the shape of every decider test.
 * Failures are asserted by stable code, never by message text.
 */
export const deciderSpec = <C, E extends DomainEvent, S>(decider: Decider<C, E, S>) => ({
  given: (events: readonly E[]) => ({
    when: (command: C) => {
      const run = () => decider.decide(command, fold(decider, events));
      return {
        then: (expected: readonly E[]) => expect(run()).toEqual(expected),
        thenFails: (code: string) => {
          let caught: unknown;
          try {
            run();
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(RegistryError);
          expect((caught as RegistryError).code).toBe(code);
        },
      };
    },
  }),
});
