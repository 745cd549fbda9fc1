import { drawSample, sameDraw } from '../../domain/sampling';

const units = ['zhujianju', 'fagaiju', 'caizhengju', 'jiaoyuju', 'rensheju', 'weijiju', 'weijiansuo', 'shijianju', 'zhengwuzhongxin', 'gongluju', 'jiaoyunju', 'chengguanju'];
const seedA = '0123456789abcdef0123456789abcdef';
const seedB = 'fedcba9876543210fedcba9876543210';

describe('drawing a surprise-check sample from a seed', () => {
  it('re-draws the same units from the same seed, whatever order the candidates come in', () => {
    const first = drawSample(units, 4, seedA);
    expect(drawSample([...units].reverse(), 4, seedA)).toEqual(first);
    expect(drawSample(units, 4, seedA)).toEqual(first);
  });

  it('draws a fixed sample for a fixed seed, so a change of algorithm cannot pass unnoticed', () => {
    expect(drawSample(units, 3, seedA)).toEqual(['gongluju', 'chengguanju', 'weijiansuo']);
  });

  it('draws different units from different seeds', () => {
    expect(sameDraw(drawSample(units, 4, seedA), drawSample(units, 4, seedB))).toBe(false);
  });

  it('draws distinct candidates only, and the whole scope when asked for all of it', () => {
    const sample = drawSample(units, 5, seedB);
    expect(new Set(sample).size).toBe(5);
    expect(sample.every((u) => units.includes(u))).toBe(true);
    expect(sameDraw(drawSample(units, units.length, seedA), units)).toBe(true);
  });

  it('gives every unit a fair chance over many seeds', () => {
    const hits = new Map(units.map((u) => [u, 0]));
    for (let i = 0; i < 3000; i++) {
      const seed = i.toString(16).padStart(32, '0');
      for (const u of drawSample(units, 1, seed)) hits.set(u, hits.get(u)! + 1);
    }
    // 250 expected per unit; ±40% is far outside chance for a fair draw, well inside for a biased one
    for (const count of hits.values()) expect(Math.abs(count - 250)).toBeLessThan(100);
  });

  it('refuses a sample larger than the scope, an empty sample and a malformed seed', () => {
    expect(() => drawSample(units, 13, seedA)).toThrow(RangeError);
    expect(() => drawSample(units, 0, seedA)).toThrow(RangeError);
    expect(() => drawSample(units, 2, 'not-a-seed')).toThrow(RangeError);
  });
});
