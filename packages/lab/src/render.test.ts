import { writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bandPlot, barWithErrors, decisionBoundaryPlot, gridOver, heatmap, imageGrid, linePlot, scatterPlot } from '@fpml/core';
import { describe, expect, it } from 'vitest';
import { renderPlot } from './render.js';

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47];
const pngSize = (png: Uint8Array) => {
  const dv = new DataView(png.buffer, png.byteOffset);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
};

const specs = {
  line: linePlot({ title: 'Loss', data: [0, 1, 2, 3].flatMap((step) => [{ step, loss: 1 / (step + 1), model: 'a' }, { step, loss: 2 / (step + 2), model: 'b' }]), x: 'step', y: 'loss', series: 'model', xLabel: 'step', yLabel: 'training loss' }),
  scatter: scatterPlot({ title: 'Embedding', data: [{ x: 0, y: 1, c: 'u' }, { x: 1, y: 0, c: 'v' }], x: 'x', y: 'y', color: 'c', xLabel: 'PC 1', yLabel: 'PC 2' }),
  heatmap: heatmap({ title: 'Confusion', values: [[5, 1], [0, 7]], xLabels: ['neg', 'pos'], yLabels: ['neg', 'pos'], xTitle: 'predicted', yTitle: 'true', annotate: true }),
  images: imageGrid({ title: 'Digits', images: [new Float64Array(16).fill(0.5), Float64Array.from({ length: 16 }, (_, i) => i / 15)], width: 4, height: 4, labels: ['flat', 'ramp'] }),
  boundary: (() => {
    const points = [{ x: -1, y: -1, label: 'a' }, { x: -0.5, y: -1.2, label: 'a' }, { x: 1, y: 1, label: 'b' }, { x: 1.2, y: 0.4, label: 'b' }];
    const { xs, ys } = gridOver(points, 20);
    const values = ys.map((y) => xs.map((x) => x + y)); // decision function of the line x + y = 0
    return decisionBoundaryPlot({
      title: 'Linear boundary', grid: { xs, ys, values }, valueType: 'score', points, valueTitle: 'f(x)',
      highlight: [points[1]!, points[3]!], highlightTitle: 'support vector',
      lines: [{ x1: -1.5, y1: 1.5, x2: 1.5, y2: -1.5, kind: 'f = 0' }, { x1: -0.5, y1: 1.5, x2: 1.5, y2: -0.5, kind: 'f = ±1' }],
      xLabel: 'feature 1', yLabel: 'feature 2',
    });
  })(),
  classes: (() => {
    const points = [{ x: 0, y: 0, label: 0 }, { x: 1, y: 1, label: 1 }, { x: 2, y: 0, label: 2 }];
    const { xs, ys } = gridOver(points, 12);
    return decisionBoundaryPlot({ title: 'Nearest centre', grid: { xs, ys, values: ys.map(() => xs.map((x) => (x < 0.5 ? 0 : x < 1.5 ? 1 : 2))) }, points });
  })(),
  band: bandPlot({
    title: 'GP posterior', x: 't', y: 'mean', lo: 'lo', hi: 'hi', series: 'model', xLabel: 'time', yLabel: 'value',
    data: [0, 1, 2, 3].map((t) => ({ t, mean: Math.sin(t), lo: Math.sin(t) - 0.3, hi: Math.sin(t) + 0.3, model: 'GP mean ± 2σ' })),
    points: [{ t: 0.5, v: 0.4, split: 'train' }, { t: 2.5, v: 0.7, split: 'test' }], pointY: 'v', pointSeries: 'split',
  }),
  bars: barWithErrors({ title: 'Ablation', data: [{ group: 'full', mean: 0.9, std: 0.02 }, { group: 'no attention', mean: 0.7, std: 0.05 }], xLabel: 'variant', yLabel: 'accuracy' }),
};

describe('renderPlot', () => {
  for (const [name, spec] of Object.entries(specs)) {
    it(`renders the ${name} helper to a non-empty SVG with labelled axes and a PNG`, async () => {
      const { svg, png } = await renderPlot(spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(String(spec.title));
      expect(Array.from(png.slice(0, 4))).toEqual(PNG_MAGIC);
      const { width, height } = pngSize(png);
      expect(width).toBeGreaterThan(100);
      expect(height).toBeGreaterThan(50);
      if (process.env.FPML_KEEP_PLOTS) {
        const dir = join(tmpdir(), 'fpml-plots');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${name}.png`), png);
      }
    });
  }

  it('shows axis titles and the legend title in the SVG text', async () => {
    const { svg } = await renderPlot(specs.line);
    for (const label of ['training loss', 'step', 'model']) expect(svg).toContain(`>${label}<`);
  });

  it('draws the decision surface legend, the highlight and the boundary lines', async () => {
    const { svg } = await renderPlot(specs.boundary);
    for (const label of ['f(x)', 'class', 'support vector', 'f = 0', 'feature 1']) expect(svg).toContain(`>${label}<`);
  });

  it('rejects a spec with an unknown field with a clear error', async () => {
    expect(() => linePlot({ title: 't', data: [{ a: 1 }], x: 'step', y: 'a' })).toThrow("linePlot: field 'step' is not in the data (fields: a)");
    expect(() => decisionBoundaryPlot({ title: 't', grid: { xs: [0, 1], ys: [0, 1], values: [[0, 1]] }, points: [{ x: 0, y: 0, label: 0 }] })).toThrow('values must be 2 rows of 2 (ys by xs)');
  });
});
