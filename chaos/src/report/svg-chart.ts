/** One line of a chart: its label, colour and y values (one per x). */
export interface Series {
  label: string;
  colour: string;
  values: number[];
}

export interface ChartSpec {
  title: string;
  unit: string;
  /** x values in seconds, shared by every series. */
  xs: number[];
  series: Series[];
  /** The fault's window in seconds, shaded. */
  shade: { from: number; to: number };
}

const WIDTH = 720;
const HEIGHT = 220;
const MARGIN = { left: 56, right: 12, top: 28, bottom: 28 };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value`. */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

/** An axis from 0 in round steps: at most `ticks` of them, covering `max`. */
export function niceAxis(max: number, ticks: number): { end: number; step: number } {
  const step = niceCeiling(Math.max(max, 1e-9) / ticks);
  return { step, end: Math.max(step, Math.ceil(max / step) * step) };
}

/** A readable number for an axis: 1200 → 1.2k. */
export function tick(value: number): string {
  // Number() drops the zeros toFixed leaves: 2.50 → 2.5, 5.0 → 5.
  if (Math.abs(value) >= 1000) return `${Number((value / 1000).toFixed(1))}k`;
  return String(Number(value.toFixed(2)));
}

/**
 * A line chart as inline SVG, so the report is one self-contained HTML file that renders
 * without a network or a script.
 */
export function lineChart(spec: ChartSpec): string {
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  // Round steps on both axes, so every tick is a round number.
  const xAxis = niceAxis(Math.max(1, ...spec.xs), 6);
  const yAxis = niceAxis(Math.max(1,
    ...spec.series.flatMap((s) => s.values.filter(Number.isFinite))), 4);
  const maxX = xAxis.end;
  const maxY = yAxis.end;
  const x = (value: number): number => MARGIN.left + (value / maxX) * plotWidth;
  const y = (value: number): number => MARGIN.top + plotHeight - (value / maxY) * plotHeight;
  const parts: string[] = [];
  parts.push(`<rect class="fault" x="${x(spec.shade.from).toFixed(1)}" y="${MARGIN.top}" `
    + `width="${Math.max(1, x(spec.shade.to) - x(spec.shade.from)).toFixed(1)}" `
    + `height="${plotHeight}"><title>fault</title></rect>`);
  for (let value = 0; value <= maxY + yAxis.step / 2; value += yAxis.step) {
    parts.push(`<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" `
      + `y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}"/>`
      + `<text class="axis" x="${MARGIN.left - 6}" y="${(y(value) + 4).toFixed(1)}" `
      + `text-anchor="end">${tick(value)}</text>`);
  }
  for (let value = 0; value <= maxX + xAxis.step / 2; value += xAxis.step) {
    parts.push(`<text class="axis" x="${x(value).toFixed(1)}" y="${HEIGHT - 8}" `
      + `text-anchor="middle">${tick(value)} s</text>`);
  }
  let legendX = MARGIN.left + 8;
  spec.series.forEach((series) => {
    const points = spec.xs.map((xValue, i) => [xValue, series.values[i] ?? Number.NaN])
      .filter(([, value]) => Number.isFinite(value))
      .map(([xValue, value]) => `${x(xValue ?? 0).toFixed(1)},${y(value ?? 0).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${series.colour}" stroke-width="1.6" `
      + `points="${points.join(' ')}"/>`);
    parts.push(`<text class="legend" x="${legendX}" y="18" `
      + `style="fill: ${series.colour}">■ ${escapeHtml(series.label)}</text>`);
    // About 7 px a character at 11 px, and a gap.
    legendX += (series.label.length + 2) * 7 + 24;
  });
  return `<figure><figcaption>${escapeHtml(spec.title)} (${escapeHtml(spec.unit)})`
    + `</figcaption><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" `
    + `role="img" aria-label="${escapeHtml(spec.title)}">${parts.join('')}</svg></figure>`;
}
