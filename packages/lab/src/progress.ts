/**
 * Progress bars for `fpml run`: a live bar on a terminal, and on anything else (CI logs, pipes)
 * one plain line per 10% so logs stay readable.
 */
import cliProgress from 'cli-progress';
import type { Progress } from '@fpml/core';

export function makeProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | null = null;
    return {
      start(total, label) {
        bar?.stop();
        bar = new cliProgress.SingleBar({ format: `${label.padEnd(18)} {bar} {percentage}% | {value}/{total} {extra}`, stream, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
        bar.start(total, 0, { extra: '' });
      },
      tick(n = 1, payload) {
        bar?.increment(n, { extra: payload ? Object.entries(payload).map(([k, v]) => `${k}=${typeof v === 'number' ? v.toPrecision(4) : v}`).join(' ') : '' });
      },
      stop() {
        bar?.stop();
        bar = null;
      },
    };
  }
  let total = 0, value = 0, label = '', lastDecile = -1;
  return {
    start(t, l) {
      total = t; value = 0; label = l; lastDecile = -1;
    },
    tick(n = 1) {
      value += n;
      const decile = total > 0 ? Math.floor((10 * value) / total) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${Math.min(100, decile * 10)}% (${value}/${total})\n`);
      }
    },
    stop() {},
  };
}
