import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../config/registry.config';
import { loadSubscriptionsConfig } from './subscriptions.config';
import { Tally } from './websocket-admission';

describe('subscriptions configuration', () => {
  it('defaults: 20 a connection, 100 and 10 connections a client, 2,000 an instance', () => {
    expect(loadSubscriptionsConfig({})).toEqual({
      perConnection: 20,
      total: 2000,
      perClient: 100,
      connectionsPerClient: 10,
      pollIntervalMs: 1000,
      maxQueued: 500,
    });
    // A small instance: a client's default share is never more than the instance holds.
    expect(loadSubscriptionsConfig({ SUBSCRIPTIONS_MAX: '40' }).perClient).toBe(40);
  });

  it('reads each variable; refuses hostile values naming the variable', () => {
    expect(loadSubscriptionsConfig({ SUBSCRIPTIONS_PER_CLIENT: '7', SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT: ' 3 ' })).toMatchObject({
      perClient: 7,
      connectionsPerClient: 3,
    });
    for (const bad of ['0', '-1', '1.5', '1e3', '0x10', 'ten', '99999999999', '12abc'])
      for (const name of ['SUBSCRIPTIONS_PER_CLIENT', 'SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT', 'SUBSCRIPTIONS_MAX', 'SUBSCRIPTIONS_PER_CONNECTION'])
        expect(() => loadSubscriptionsConfig({ [name]: bad })).toThrow(
          new RegExp(`^${name} must be a whole number from 1 to \\d+, got "${bad.replace(/[.+]/g, '\\$&')}"`),
        );
    expect(() => loadSubscriptionsConfig({ SUBSCRIPTIONS_MAX: '50', SUBSCRIPTIONS_PER_CLIENT: '51' })).toThrow(
      /^SUBSCRIPTIONS_PER_CLIENT must be at most SUBSCRIPTIONS_MAX \(50\), got 51/,
    );
  });

  it('is part of the registry configuration: a wrong value stops the start with a ConfigError naming it', () => {
    const env = { REGISTRY_DATA_DIR: mkdtempSync(join(tmpdir(), 'registry-subscriptions-config-')) };
    expect(loadConfig({ ...env, SUBSCRIPTIONS_CONNECTIONS_PER_CLIENT: '4' }).subscriptions.connectionsPerClient).toBe(4);
    let refusal: unknown;
    try {
      loadConfig({ ...env, SUBSCRIPTIONS_PER_CLIENT: 'lots' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ConfigError);
    expect(refusal).toMatchObject({ variable: 'SUBSCRIPTIONS_PER_CLIENT' });
  });
});

describe('Tally (connections and subscriptions per client)', () => {
  it('counts per key, never below zero, and forgets a key at zero', () => {
    const t = new Tally();
    t.add('ip:127.0.0.1');
    t.add('ip:127.0.0.1');
    t.add('subject:a');
    expect([t.count('ip:127.0.0.1'), t.count('subject:a'), t.size]).toEqual([2, 1, 2]);
    t.remove('ip:127.0.0.1');
    t.remove('ip:127.0.0.1');
    t.remove('ip:127.0.0.1');
    expect([t.count('ip:127.0.0.1'), t.size]).toEqual([0, 1]);
    t.add('ip:127.0.0.1');
    expect(t.count('ip:127.0.0.1')).toBe(1);
  });
});
