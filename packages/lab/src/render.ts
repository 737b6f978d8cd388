/**
 * Plot rendering in Node: a Vega-Lite spec is compiled to Vega, rendered headless to SVG by
 * Vega's own SVG renderer, then rasterised to PNG by resvg (a Rust SVG renderer shipped in npm).
 * Text uses the DejaVu Sans font bundled through npm, so a PNG looks the same on a machine
 * with no system fonts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { VegaLiteSpec } from '@fpml/core';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf'].map((f) => join(fontDir, f));
const FONT = 'DejaVu Sans';

/** The config every plot gets: one font, readable sizes. */
const CONFIG = { font: FONT, title: { fontSize: 14 }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { labelFontSize: 11, titleFontSize: 12 } };

/** Vega-Lite → SVG text. */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const withConfig = { ...spec, config: { ...CONFIG, ...(spec.config as object | undefined) } } as TopLevelSpec;
  const vgSpec = compile(withConfig).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** SVG text → PNG bytes at `scale`× resolution. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
  });
  return resvg.render().asPng();
}

/** The renderer handed to core's `runExperiment`. */
export async function renderPlot(spec: VegaLiteSpec): Promise<{ svg: string; png: Uint8Array }> {
  const svg = await renderSvg(spec);
  return { svg, png: svgToPng(svg) };
}
