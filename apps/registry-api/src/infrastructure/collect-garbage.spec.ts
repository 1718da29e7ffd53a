import { collectGarbage } from './collect-garbage';

describe('collectGarbage', () => {
  it('runs a full collection on demand, again and again, without the --expose-gc flag', () => {
    expect(collectGarbage()).toBe(true);
    expect(collectGarbage()).toBe(true);
  });

  it('lets go of what nothing holds any more', async () => {
    const held = new WeakRef(new Array<number>(1_000_000).fill(1));
    await new Promise((resolve) => setImmediate(resolve)); // a WeakRef's target lives at least until the job that made it ends
    collectGarbage();
    expect(held.deref()).toBeUndefined();
  });
});
