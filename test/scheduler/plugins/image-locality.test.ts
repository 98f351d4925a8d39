import { describe, expect, it } from 'vitest';
import { imageLocalityPriority, imageLocalityScore, normalizedImageName } from '../../../source/scheduler/plugins/image-locality.js';
import { makeNode, makePod, scoreAll, snapshotOf } from '../helpers.js';

const MB = 1024 * 1024;
const node403002000 = [
  { names: ['gcr.io/40:latest', 'gcr.io/40:v1'], sizeBytes: 40 * MB },
  { names: ['gcr.io/300:latest', 'gcr.io/300:v1'], sizeBytes: 300 * MB },
  { names: ['gcr.io/2000:latest'], sizeBytes: 2000 * MB },
];
const node25010 = [
  { names: ['gcr.io/250:latest'], sizeBytes: 250 * MB },
  { names: ['gcr.io/10:latest', 'gcr.io/10:v1'], sizeBytes: 10 * MB },
];
const podWith = (...images: string[]) => makePod('p', { containers: images.map((image, i) => ({ name: `c${i}`, image })) });
const snap = () => snapshotOf([makeNode('machine1', { images: node403002000 }), makeNode('machine2', { images: node25010 })]);

describe('ImageLocality', () => {
  it('two images spread on two nodes, prefer the larger image one (0 / 5)', () => {
    // machine1: 40M×½ = 20M < 23M → 0; machine2: 100×(250M×½ − 23M)/(2000M − 23M) = 5.
    expect(scoreAll(imageLocalityScore, podWith('gcr.io/40', 'gcr.io/250'), snap()).raw).toEqual({ machine1: 0, machine2: 5 });
  });

  it('two images on one node, prefer this node (7 / 0)', () => {
    // machine1: 100×((40M + 300M)×½ − 23M)/(2000M − 23M) = 7.
    expect(scoreAll(imageLocalityScore, podWith('gcr.io/40', 'gcr.io/300:v1'), snap()).raw).toEqual({ machine1: 7, machine2: 0 });
  });

  it('clamps to [23MiB, 1000MiB × containers]', () => {
    expect(imageLocalityPriority(10 * MB, 1)).toBe(0);
    expect(imageLocalityPriority(5000 * MB, 1)).toBe(100);
    expect(imageLocalityPriority(5000 * MB, 2)).toBe(100);
  });

  it('normalises untagged names with :latest', () => {
    expect(normalizedImageName('nginx')).toBe('nginx:latest');
    expect(normalizedImageName('localhost:5000/nginx')).toBe('localhost:5000/nginx:latest');
    expect(normalizedImageName('nginx:1.25')).toBe('nginx:1.25');
  });
});
