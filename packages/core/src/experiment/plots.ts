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
export function linePlot(o: Common & { data: readonly Row[]; x: string; y: string; series?: string; xLabel?: string; yLabel?: string; logY?: boolean; logX?: boolean; /** Legend order of the series (default: their order of first appearance in `data`). */ seriesOrder?: readonly string[] }): VegaLiteSpec {
  needRows(o.data, [o.x, o.y, o.series], 'linePlot');
  const order = o.series ? [...(o.seriesOrder ?? new Set(o.data.map((r) => String(r[o.series!]))))] : undefined;
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
            // One shared domain (in legend order) for both channels, so Vega-Lite merges their legends.
            color: { field: o.series, type: 'nominal', title: o.series, scale: { domain: order }, legend: { orient: 'right', labelLimit: 360 } },
            strokeDash: { field: o.series, type: 'nominal', title: o.series, scale: { domain: order }, legend: { orient: 'right', symbolStrokeWidth: 2, labelLimit: 360 } },
          }
        : {}),
    },
  };
}

/**
 * Curves with shaded bands (predictive means with their intervals, e.g. $\mu \pm 2\sigma$), one
 * colour per value of `series`, and optional observed points coloured by `pointSeries`
 * (e.g. train vs held out). Band and line share their series' colour; one legend covers all.
 */
export function bandPlot(o: Common & {
  data: readonly Row[]; x: string; y: string; lo: string; hi: string; series?: string;
  points?: readonly Row[]; pointX?: string; pointY?: string; pointSeries?: string;
  xLabel?: string; yLabel?: string;
  /** d3 format of the x tick labels, e.g. `'d'` for years (no thousands separator). */
  xFormat?: string;
}): VegaLiteSpec {
  needRows(o.data, [o.x, o.y, o.lo, o.hi, o.series], 'bandPlot');
  const px = o.pointX ?? o.x, py = o.pointY ?? o.y;
  if (o.points) needRows(o.points, [px, py, o.pointSeries], 'bandPlot points');
  const KEY = '__series';
  const lines = o.data.map((r) => ({ ...r, [KEY]: o.series ? String(r[o.series]) : o.y }));
  const pts = (o.points ?? []).map((r) => ({ ...r, [KEY]: o.pointSeries ? String(r[o.pointSeries]) : 'observed' }));
  const domain = [...new Set([...lines, ...pts].map((r) => r[KEY] as string))];
  const color = { field: KEY, type: 'nominal', title: o.series ?? 'series', scale: { domain }, legend: { orient: 'right', labelLimit: 360 } };
  const x = { field: o.x, type: 'quantitative', title: o.xLabel ?? o.x, scale: { zero: false }, ...(o.xFormat ? { axis: { format: o.xFormat } } : {}) };
  const layer: unknown[] = [
    { data: { values: lines }, mark: { type: 'area', opacity: 0.22 }, encoding: { x, y: { field: o.lo, type: 'quantitative', title: o.yLabel ?? o.y, scale: { zero: false } }, y2: { field: o.hi }, color } },
    { data: { values: lines }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { field: o.y, type: 'quantitative', title: o.yLabel ?? o.y }, color } },
  ];
  if (pts.length > 0) layer.push({ data: { values: pts }, mark: { type: 'circle', size: 10, opacity: 0.8 }, encoding: { x: { ...x, field: px }, y: { field: py, type: 'quantitative', title: o.yLabel ?? o.y }, color } });
  return { ...base(o), layer };
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

/** A 2-D point of a {@link decisionBoundaryPlot}, with its class label. */
export interface LabelledPoint {
  x: number;
  y: number;
  label: string | number;
}

/**
 * A classifier's decision surface on a 2-D grid with the data on top: the background is either
 * the predicted class of each grid cell (`valueType: 'class'`) or a real-valued score such as a
 * decision function or $P(y = 1 \mid x)$ on a diverging scale centred at `scoreMid`
 * (`valueType: 'score'`), so the boundary is where the colour changes. Points are filled by their
 * class; `highlight` rings points (support vectors, misclassified points); `lines` draws segments
 * (a linear model's boundary and margins), dashed by `kind`.
 *
 * @param grid `xs` (nx,) and `ys` (ny,) are the cell centres, evenly spaced; `values[i][j]` is the
 *   value at (xs[j], ys[i]).
 */
export function decisionBoundaryPlot(o: Common & {
  grid: { xs: readonly number[]; ys: readonly number[]; values: readonly (readonly (number | string)[])[] };
  valueType?: 'class' | 'score';
  /** Centre of the diverging score scale (0 for a decision function, 0.5 for a probability). @default 0 */
  scoreMid?: number;
  points: readonly LabelledPoint[];
  highlight?: readonly { x: number; y: number }[];
  highlightTitle?: string;
  lines?: readonly { x1: number; y1: number; x2: number; y2: number; kind: string }[];
  xLabel?: string;
  yLabel?: string;
  valueTitle?: string;
}): VegaLiteSpec {
  const { xs, ys, values } = o.grid;
  if (xs.length < 2 || ys.length < 2) throw new InvalidInputError('decisionBoundaryPlot: the grid needs at least 2 x and 2 y values');
  if (values.length !== ys.length || values.some((r) => r.length !== xs.length)) {
    throw new ShapeError(`decisionBoundaryPlot: values must be ${ys.length} rows of ${xs.length} (ys by xs)`);
  }
  if (o.points.length === 0) throw new InvalidInputError('decisionBoundaryPlot: points is empty');
  const dx = (xs[xs.length - 1]! - xs[0]!) / (xs.length - 1), dy = (ys[ys.length - 1]! - ys[0]!) / (ys.length - 1);
  const cells: Row[] = [];
  for (let i = 0; i < ys.length; i++) for (let j = 0; j < xs.length; j++) {
    cells.push({ x0: xs[j]! - dx / 2, x1: xs[j]! + dx / 2, y0: ys[i]! - dy / 2, y1: ys[i]! + dy / 2, v: values[i]![j]! });
  }
  const xTitle = o.xLabel ?? 'x₁', yTitle = o.yLabel ?? 'x₂';
  const domainX = [xs[0]! - dx / 2, xs[xs.length - 1]! + dx / 2], domainY = [ys[0]! - dy / 2, ys[ys.length - 1]! + dy / 2];
  const score = (o.valueType ?? 'class') === 'score';
  const nums = score ? cells.map((c) => Number(c.v)) : [];
  const mid = o.scoreMid ?? 0;
  const reach = score ? Math.max(...nums.map((v) => Math.abs(v - mid))) || 1 : 0;
  const background = {
    data: { values: cells },
    // A hairline stroke in the cell's own colour hides the anti-aliasing seams between cells.
    mark: { type: 'rect', opacity: score ? 0.8 : 0.3, strokeWidth: 0.5, strokeOpacity: score ? 0.8 : 0.3 },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: xTitle, scale: { domain: domainX, nice: false, zero: false }, axis: { grid: false } },
      x2: { field: 'x1' },
      y: { field: 'y0', type: 'quantitative', title: yTitle, scale: { domain: domainY, nice: false, zero: false }, axis: { grid: false } },
      y2: { field: 'y1' },
      color: score
        ? { field: 'v', type: 'quantitative', title: o.valueTitle ?? 'score', scale: { scheme: 'redblue', domain: [mid - reach, mid + reach], domainMid: mid } }
        : { field: 'v', type: 'nominal', title: o.valueTitle ?? 'predicted class' },
    },
  };
  (background.encoding as Record<string, unknown>).stroke = { ...(background.encoding.color as object), legend: null };
  const layers: unknown[] = [background];
  if (o.lines?.length) {
    layers.push({
      data: { values: o.lines },
      mark: { type: 'rule', color: 'black', strokeWidth: 1.5, clip: true },
      encoding: {
        x: { field: 'x1', type: 'quantitative' }, y: { field: 'y1', type: 'quantitative' },
        x2: { field: 'x2' }, y2: { field: 'y2' },
        strokeDash: { field: 'kind', type: 'nominal', title: 'line' },
      },
    });
  }
  layers.push({
    data: { values: o.points.map((p) => ({ x: p.x, y: p.y, label: String(p.label) })) },
    mark: { type: 'circle', size: 28, opacity: 0.95, stroke: 'black', strokeWidth: 0.6, clip: true },
    encoding: {
      x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' },
      // On a red–blue score surface, class colours would clash: points are white, black, grey.
      fill: { field: 'label', type: 'nominal', title: 'class', ...(score ? { scale: { range: ['#ffffff', '#222222', '#999999', '#ffd700', '#00c0c0'] } } : {}) },
    },
  });
  if (o.highlight?.length) {
    layers.push({
      data: { values: o.highlight.map((p) => ({ ...p, what: o.highlightTitle ?? 'highlighted' })) },
      mark: { type: 'point', size: 140, filled: false, color: 'black', strokeWidth: 1.4, clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' },
        shape: { field: 'what', type: 'nominal', title: null },
      },
    });
  }
  return { ...base(o), layer: layers, resolve: { scale: { color: 'independent' } } };
}

/**
 * The cell centres of an evenly spaced `n` × `n` grid over the bounding box of 2-D points,
 * padded by `pad` times the range on each side: what {@link decisionBoundaryPlot} expects.
 */
export function gridOver(points: readonly { x: number; y: number }[], n = 80, pad = 0.1): { xs: number[]; ys: number[] } {
  if (points.length === 0) throw new InvalidInputError('gridOver: points is empty');
  if (!Number.isInteger(n) || n < 2) throw new InvalidInputError(`gridOver: n must be an integer ≥ 2, got ${n}`);
  const axis = (vals: number[]) => {
    const lo = Math.min(...vals), hi = Math.max(...vals), r = hi - lo || 1;
    const a = lo - pad * r, b = hi + pad * r;
    return Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1));
  };
  return { xs: axis(points.map((p) => p.x)), ys: axis(points.map((p) => p.y)) };
}
