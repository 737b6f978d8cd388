/**
 * Vega-Lite spec builders for the plots every level needs. They return plain JSON (no
 * rendering here, so level packages stay free of the renderer); `ctx.plot(name, spec, caption)`
 * hands them to the lab, which renders SVG and PNG.
 *
 * Every builder labels both axes and, where there is more than one series, shows a legend.
 */
import { InvalidInputError, ShapeError } from '../errors.js';
import type { VegaLiteSpec } from './define.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';
type Row = Record<string, number | string | boolean | null>;

interface Common {
  title: string;
  /** @default 480 */
  width?: number;
  /** @default 300 */
  height?: number;
}

function base(o: Common): VegaLiteSpec {
  return { $schema: SCHEMA, title: o.title, width: o.width ?? 480, height: o.height ?? 300, background: 'white' };
}

function needRows(rows: readonly Row[], fields: (string | undefined)[], what: string): void {
  if (rows.length === 0) throw new InvalidInputError(`${what}: data is empty`);
  for (const f of fields) if (f !== undefined && !(f in rows[0]!)) throw new InvalidInputError(`${what}: field '${f}' is not in the data (fields: ${Object.keys(rows[0]!).join(', ')})`);
}

/**
 * Line plot (loss curves), one line per value of `series`. Series differ in colour AND dash
 * pattern, so curves that coincide (e.g. the same training on two backends) stay visible.
 */
export function linePlot(o: Common & { data: readonly Row[]; x: string; y: string; series?: string; xLabel?: string; yLabel?: string; logY?: boolean; logX?: boolean }): VegaLiteSpec {
  needRows(o.data, [o.x, o.y, o.series], 'linePlot');
  return {
    ...base(o),
    data: { values: o.data },
    mark: { type: 'line', point: o.data.length <= 60 },
    encoding: {
      x: {
        field: o.x, type: 'quantitative', title: o.xLabel ?? o.x,
        // On a log axis, tick exactly at the x values present (e.g. sizes 64, 128, 256).
        ...(o.logX ? { scale: { type: 'log', base: 2 }, axis: { values: [...new Set(o.data.map((r) => r[o.x]))] } } : { scale: { zero: false } }),
      },
      y: { field: o.y, type: 'quantitative', title: o.yLabel ?? o.y, scale: o.logY ? { type: 'log' } : { zero: false } },
      ...(o.series
        ? {
            color: { field: o.series, type: 'nominal', title: o.series, legend: { orient: 'right' } },
            strokeDash: { field: o.series, type: 'nominal', title: o.series, legend: { orient: 'right', symbolStrokeWidth: 2 } },
          }
        : {}),
    },
  };
}

/** Scatter plot coloured by a field (embeddings; decision boundaries when `data` is a grid). */
export function scatterPlot(o: Common & { data: readonly Row[]; x: string; y: string; color?: string; colorType?: 'nominal' | 'quantitative'; xLabel?: string; yLabel?: string; size?: number }): VegaLiteSpec {
  needRows(o.data, [o.x, o.y, o.color], 'scatterPlot');
  return {
    ...base(o),
    data: { values: o.data },
    mark: { type: 'circle', size: o.size ?? 30, opacity: 0.8 },
    encoding: {
      x: { field: o.x, type: 'quantitative', title: o.xLabel ?? o.x, scale: { zero: false } },
      y: { field: o.y, type: 'quantitative', title: o.yLabel ?? o.y, scale: { zero: false } },
      ...(o.color ? { color: { field: o.color, type: o.colorType ?? 'nominal', title: o.color } } : {}),
    },
  };
}

/** Heatmap of a matrix (confusion matrix, attention weights), optionally annotated with values. */
export function heatmap(o: Common & { values: readonly (readonly number[])[]; xLabels?: readonly string[]; yLabels?: readonly string[]; xTitle?: string; yTitle?: string; colorTitle?: string; annotate?: boolean }): VegaLiteSpec {
  const rows = o.values.length;
  if (rows === 0) throw new InvalidInputError('heatmap: values is empty');
  const cols = o.values[0]!.length;
  if (o.values.some((r) => r.length !== cols)) throw new ShapeError('heatmap: values is ragged');
  const xl = o.xLabels ?? Array.from({ length: cols }, (_, j) => String(j));
  const yl = o.yLabels ?? Array.from({ length: rows }, (_, i) => String(i));
  if (xl.length !== cols || yl.length !== rows) throw new ShapeError(`heatmap: ${rows}x${cols} values but ${yl.length} y labels and ${xl.length} x labels`);
  const data: Row[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data.push({ x: xl[j]!, y: yl[i]!, value: o.values[i]![j]! });
  const enc = {
    x: { field: 'x', type: 'ordinal', sort: xl, title: o.xTitle ?? 'column' },
    y: { field: 'y', type: 'ordinal', sort: yl, title: o.yTitle ?? 'row' },
  };
  const rect = { mark: 'rect', encoding: { ...enc, color: { field: 'value', type: 'quantitative', title: o.colorTitle ?? 'value', scale: { scheme: 'blues' } } } };
  const layers: unknown[] = [rect];
  if (o.annotate) layers.push({ mark: { type: 'text', fontSize: 10 }, encoding: { ...enc, text: { field: 'value', type: 'quantitative', format: '.3~g' } } });
  return { ...base({ ...o, width: o.width ?? Math.min(480, 24 * cols + 40), height: o.height ?? Math.min(480, 24 * rows + 40) }), data: { values: data }, layer: layers };
}

/**
 * A grid of greyscale images (reconstructions, filters): each image is `height * width` values,
 * row-major, shown in `columns` columns with an optional label under each.
 */
export function imageGrid(o: { title: string; images: readonly ArrayLike<number>[]; width: number; height: number; columns?: number; labels?: readonly string[]; pixel?: number }): VegaLiteSpec {
  const n = o.images.length;
  if (n === 0) throw new InvalidInputError('imageGrid: images is empty');
  const px = o.width * o.height;
  const data: Row[] = [];
  o.images.forEach((img, k) => {
    if (img.length !== px) throw new ShapeError(`imageGrid: image ${k} has ${img.length} values but ${o.height}x${o.width} needs ${px}`);
    for (let p = 0; p < px; p++) data.push({ image: o.labels?.[k] ?? `#${k}`, order: k, r: Math.floor(p / o.width), c: p % o.width, v: img[p]! });
  });
  const s = o.pixel ?? 4;
  return {
    $schema: SCHEMA,
    title: o.title,
    background: 'white',
    data: { values: data },
    facet: { field: 'image', type: 'nominal', sort: { field: 'order' }, title: null, header: { labelOrient: 'bottom' } },
    columns: o.columns ?? Math.min(n, 8),
    spec: {
      width: o.width * s,
      height: o.height * s,
      mark: 'rect',
      encoding: {
        x: { field: 'c', type: 'ordinal', axis: null },
        y: { field: 'r', type: 'ordinal', axis: null },
        color: { field: 'v', type: 'quantitative', scale: { scheme: 'greys' }, title: 'intensity' },
      },
    },
  };
}

/** Bars of means with ±std error bars (ablations over seeds). */
export function barWithErrors(o: Common & { data: readonly { group: string; mean: number; std: number; series?: string }[]; xLabel?: string; yLabel?: string }): VegaLiteSpec {
  if (o.data.length === 0) throw new InvalidInputError('barWithErrors: data is empty');
  const values = o.data.map((d) => ({ ...d, lo: d.mean - d.std, hi: d.mean + d.std }));
  const hasSeries = o.data.some((d) => d.series !== undefined);
  const longest = Math.max(...o.data.map((d) => d.group.length));
  const x = { field: 'group', type: 'nominal', title: o.xLabel ?? 'group', sort: null, axis: { labelAngle: longest * o.data.length > 60 ? -35 : 0, labelLimit: 220 } };
  const yTitle = o.yLabel ?? 'mean ± std';
  const offset = hasSeries ? { xOffset: { field: 'series' } } : {};
  const color = hasSeries ? { color: { field: 'series', type: 'nominal', title: 'series' } } : {};
  const tick = (field: 'lo' | 'hi') => ({ mark: { type: 'tick', color: 'black', size: 14, thickness: 1.5 }, encoding: { x, y: { field, type: 'quantitative' }, ...offset } });
  return {
    ...base(o),
    data: { values },
    layer: [
      { mark: 'bar', encoding: { x, y: { field: 'mean', type: 'quantitative', title: yTitle }, ...color, ...offset } },
      { mark: { type: 'rule', color: 'black', strokeWidth: 1.5 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: yTitle }, y2: { field: 'hi' }, ...offset } },
      tick('lo'),
      tick('hi'),
    ],
  };
}
