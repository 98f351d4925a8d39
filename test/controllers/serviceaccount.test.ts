import { describe, expect, it } from 'vitest';
import { SYSTEM_NAMESPACES } from '../../source/cluster/bootstrap.js';
import { createAll } from '../sim-helpers.js';
import { networkSim } from './network-helpers.js';

describe('ServiceAccountController', () => {
  it('gives every namespace, new ones included, a default ServiceAccount', () => {
    const n = networkSim();
    for (const ns of SYSTEM_NAMESPACES) expect(n.sim.store.tryGet('ServiceAccount', ns, 'default')).toBeDefined();
    createAll(n.sim, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }]);
    expect(n.sim.store.tryGet('ServiceAccount', 'shop', 'default')).toMatchObject({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'shop' } });
  });

  it('recreates a deleted default ServiceAccount, but not other accounts', () => {
    const n = networkSim();
    createAll(n.sim, [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'robot', namespace: 'default' } }]);
    const uid = n.sim.store.get('ServiceAccount', 'default', 'default').metadata.uid;
    n.sim.store.delete('ServiceAccount', 'default', 'default');
    n.sim.store.delete('ServiceAccount', 'default', 'robot');
    n.sim.engine.settle();
    const again = n.sim.store.get('ServiceAccount', 'default', 'default');
    expect(again.metadata.uid).not.toBe(uid);
    expect(n.sim.store.tryGet('ServiceAccount', 'default', 'robot')).toBeUndefined();
  });

  it('adds nothing to a terminating namespace', () => {
    const n = networkSim();
    createAll(n.sim, [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'old' } }]);
    // With the collector stopped the namespace stays Terminating.
    n.sim.setComponentRunning('garbage-collector', false);
    n.sim.store.delete('Namespace', undefined, 'old');
    n.sim.store.delete('ServiceAccount', 'old', 'default');
    n.sim.advance(5_000);
    expect(n.sim.store.get('Namespace', undefined, 'old').status).toEqual({ phase: 'Terminating' });
    expect(n.sim.store.tryGet('ServiceAccount', 'old', 'default')).toBeUndefined();
  });
});
