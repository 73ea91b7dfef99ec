// A small log-log line chart written as PNG with pngjs: lines, markers, grid, tick labels,
// legend, in a 5x7 bitmap font (upper case) drawn here. Enough for the benchmark's one chart.
import * as fs from 'fs';
import { PNG } from 'pngjs';

export interface Series {
  readonly label: string;
  readonly color: readonly [number, number, number];
  readonly points: readonly { x: number; y: number }[];
  readonly dashed?: boolean;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xTicks: readonly number[];
  readonly width?: number;
  readonly height?: number;
}

// 5x7 glyphs, one 5-bit row mask per line, top to bottom.
const FONT: Record<string, number[]> = {
  A: [14, 17, 17, 31, 17, 17, 17],
  B: [30, 17, 17, 30, 17, 17, 30],
  C: [14, 17, 16, 16, 16, 17, 14],
  D: [28, 18, 17, 17, 17, 18, 28],
  E: [31, 16, 16, 30, 16, 16, 31],
  F: [31, 16, 16, 30, 16, 16, 16],
  G: [14, 17, 16, 23, 17, 17, 15],
  H: [17, 17, 17, 31, 17, 17, 17],
  I: [14, 4, 4, 4, 4, 4, 14],
  J: [7, 2, 2, 2, 2, 18, 12],
  K: [17, 18, 20, 24, 20, 18, 17],
  L: [16, 16, 16, 16, 16, 16, 31],
  M: [17, 27, 21, 21, 17, 17, 17],
  N: [17, 17, 25, 21, 19, 17, 17],
  O: [14, 17, 17, 17, 17, 17, 14],
  P: [30, 17, 17, 30, 16, 16, 16],
  Q: [14, 17, 17, 17, 21, 18, 13],
  R: [30, 17, 17, 30, 20, 18, 17],
  S: [15, 16, 16, 14, 1, 1, 30],
  T: [31, 4, 4, 4, 4, 4, 4],
  U: [17, 17, 17, 17, 17, 17, 14],
  V: [17, 17, 17, 17, 17, 10, 4],
  W: [17, 17, 17, 21, 21, 21, 10],
  X: [17, 17, 10, 4, 10, 17, 17],
  Y: [17, 17, 17, 10, 4, 4, 4],
  Z: [31, 1, 2, 4, 8, 16, 31],
  '0': [14, 17, 19, 21, 25, 17, 14],
  '1': [4, 12, 4, 4, 4, 4, 14],
  '2': [14, 17, 1, 2, 4, 8, 31],
  '3': [31, 2, 4, 2, 1, 17, 14],
  '4': [2, 6, 10, 18, 31, 2, 2],
  '5': [31, 16, 30, 1, 1, 17, 14],
  '6': [6, 8, 16, 30, 17, 17, 14],
  '7': [31, 1, 2, 4, 8, 8, 8],
  '8': [14, 17, 17, 14, 17, 17, 14],
  '9': [14, 17, 17, 15, 1, 2, 12],
  ' ': [0, 0, 0, 0, 0, 0, 0],
  '.': [0, 0, 0, 0, 0, 12, 12],
  ',': [0, 0, 0, 0, 12, 4, 8],
  '(': [2, 4, 8, 8, 8, 4, 2],
  ')': [8, 4, 2, 2, 2, 4, 8],
  '/': [0, 1, 2, 4, 8, 16, 0],
  '%': [24, 25, 2, 4, 8, 19, 3],
  ':': [0, 12, 12, 0, 12, 12, 0],
  '-': [0, 0, 0, 31, 0, 0, 0],
  '=': [0, 0, 31, 0, 31, 0, 0],
  '+': [0, 4, 4, 31, 4, 4, 0],
  _: [0, 0, 0, 0, 0, 0, 31],
  '<': [2, 4, 8, 16, 8, 4, 2],
  '>': [8, 4, 2, 1, 2, 4, 8],
};

type Rgb = readonly [number, number, number];

class Canvas {
  readonly png: PNG;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.png = new PNG({ width, height });
    this.png.data.fill(255);
  }
  set(x: number, y: number, c: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const i = (y * this.width + x) * 4;
    this.png.data[i] = c[0];
    this.png.data[i + 1] = c[1];
    this.png.data[i + 2] = c[2];
    this.png.data[i + 3] = 255;
  }
  rect(x: number, y: number, w: number, h: number, c: Rgb): void {
    for (let j = 0; j < h; j++) for (let i = 0; i < w; i++) this.set(x + i, y + j, c);
  }
  line(x0: number, y0: number, x1: number, y1: number, c: Rgb, thick = 1, dash = 0): void {
    const steps = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0)));
    for (let s = 0; s <= steps; s++) {
      if (dash && Math.floor(s / dash) % 2 === 1) continue;
      const x = x0 + ((x1 - x0) * s) / steps;
      const y = y0 + ((y1 - y0) * s) / steps;
      this.rect(Math.round(x - (thick - 1) / 2), Math.round(y - (thick - 1) / 2), thick, thick, c);
    }
  }
  text(x: number, y: number, s: string, c: Rgb, scale = 2): void {
    let cx = x;
    for (const ch of s.toUpperCase()) {
      const g = FONT[ch] ?? FONT[' '];
      g.forEach((row, r) => {
        for (let b = 0; b < 5; b++) if (row & (16 >> b)) this.rect(cx + b * scale, y + r * scale, scale, scale, c);
      });
      cx += 6 * scale;
    }
  }
  textWidth(s: string, scale = 2): number {
    return s.length * 6 * scale - scale;
  }
  /** Text rotated 90 degrees counter-clockwise, reading bottom to top, starting at (x, y) bottom. */
  textUp(x: number, y: number, s: string, c: Rgb, scale = 2): void {
    let cy = y;
    for (const ch of s.toUpperCase()) {
      const g = FONT[ch] ?? FONT[' '];
      g.forEach((row, r) => {
        for (let b = 0; b < 5; b++) if (row & (16 >> b)) this.rect(x + r * scale, cy - (b + 1) * scale, scale, scale, c);
      });
      cy -= 6 * scale;
    }
  }
}

function fmtTick(v: number): string {
  if (v >= 1) return String(Math.round(v));
  return String(Number(v.toPrecision(1)));
}

export function writeLogLogChart(file: string, series: readonly Series[], opts: ChartOptions): void {
  const W = opts.width ?? 1000;
  const H = opts.height ?? 600;
  const left = 90,
    right = 300,
    top = 50,
    bottom = 70;
  const pw = W - left - right,
    ph = H - top - bottom;
  const cv = new Canvas(W, H);
  const ink: Rgb = [30, 30, 30];
  const grid: Rgb = [222, 222, 222];

  const all = series.flatMap((s) => s.points).filter((p) => p.y > 0);
  const xs = [...opts.xTicks, ...all.map((p) => p.x)];
  const xmin = Math.log10(Math.min(...xs) * 0.8),
    xmax = Math.log10(Math.max(...xs) * 1.25);
  const ymin = Math.floor(Math.log10(Math.min(...all.map((p) => p.y)))),
    ymax = Math.ceil(Math.log10(Math.max(...all.map((p) => p.y))));
  const X = (x: number) => left + ((Math.log10(x) - xmin) / (xmax - xmin)) * pw;
  const Y = (y: number) => top + ph - ((Math.log10(y) - ymin) / Math.max(1, ymax - ymin)) * ph;

  // Grid and y ticks (decades, with 2 and 5 as light lines).
  for (let e = ymin; e <= ymax; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (Math.log10(v) > ymax + 1e-9) continue;
      const y = Y(v);
      cv.line(left, y, left + pw, y, m === 1 ? [200, 200, 200] : [236, 236, 236]);
      if (m === 1 || ymax - ymin <= 3) {
        const label = fmtTick(v);
        cv.text(left - 8 - cv.textWidth(label, m === 1 ? 2 : 1), y - (m === 1 ? 7 : 3), label, m === 1 ? ink : [120, 120, 120], m === 1 ? 2 : 1);
      }
    }
  }
  for (const t of opts.xTicks) {
    const x = X(t);
    cv.line(x, top, x, top + ph, grid);
    const label = String(t);
    cv.text(x - cv.textWidth(label) / 2, top + ph + 10, label, ink);
  }
  cv.line(left, top, left, top + ph, ink, 2);
  cv.line(left, top + ph, left + pw, top + ph, ink, 2);
  cv.text(left + pw / 2 - cv.textWidth(opts.xLabel) / 2, H - 30, opts.xLabel, ink);
  cv.textUp(18, top + ph / 2 + cv.textWidth(opts.yLabel) / 2, opts.yLabel, ink);
  cv.text(left, 16, opts.title, ink);

  series.forEach((s, k) => {
    const pts = s.points.filter((p) => p.y > 0).sort((a, b) => a.x - b.x);
    for (let i = 1; i < pts.length; i++) cv.line(X(pts[i - 1].x), Y(pts[i - 1].y), X(pts[i].x), Y(pts[i].y), s.color, 3, s.dashed ? 8 : 0);
    for (const p of pts) cv.rect(X(p.x) - 4, Y(p.y) - 4, 9, 9, s.color);
    const ly = top + 10 + k * 28;
    const lx = left + pw + 20;
    cv.line(lx, ly + 6, lx + 30, ly + 6, s.color, 3, s.dashed ? 8 : 0);
    cv.rect(lx + 11, ly + 2, 9, 9, s.color);
    cv.text(lx + 40, ly, s.label, ink);
  });
  fs.writeFileSync(file, PNG.sync.write(cv.png));
}
