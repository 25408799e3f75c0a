export interface ChartSeries {
  name: string;
  points: readonly (readonly [number, number])[];
}

export interface LineChart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly ChartSeries[];
}

const WIDTH = 720;
const HEIGHT = 360;
const MARGIN = { left: 64, right: 170, top: 36, bottom: 48 };
const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2',
  '#7f7f7f', '#17becf', '#bcbd22'];

/** A self-contained SVG line chart with round axis ticks and a legend on the right. */
export function lineChartSvg(chart: LineChart): string {
  const all = chart.series.flatMap((series) => series.points);
  const xMax = roundUp(Math.max(1e-9, ...all.map(([x]) => x)));
  const xMin = Math.min(0, ...all.map(([x]) => x));
  const yMax = roundUp(Math.max(1e-9, ...all.map(([, y]) => y)));
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const sx = (x: number): number => MARGIN.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y: number): number => MARGIN.top + plotH - (y / yMax) * plotH;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" `
      + `viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>`,
    `<text x="${WIDTH / 2}" y="20" text-anchor="middle" font-size="14">${esc(chart.title)}</text>`,
  ];
  for (const tick of ticks(yMax)) {
    const y = sy(tick).toFixed(1);
    parts.push(`<line x1="${MARGIN.left}" x2="${MARGIN.left + plotW}" y1="${y}" y2="${y}" `
      + 'stroke="#e5e5e5"/>',
    `<text x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dy="4">${label(tick)}</text>`);
  }
  for (const tick of ticks(xMax - xMin).map((t) => t + xMin)) {
    const x = sx(tick).toFixed(1);
    parts.push(`<text x="${x}" y="${MARGIN.top + plotH + 16}" text-anchor="middle">`
      + `${label(tick)}</text>`);
  }
  parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotW}" height="${plotH}" `
    + 'fill="none" stroke="#999"/>',
  `<text x="${MARGIN.left + plotW / 2}" y="${HEIGHT - 10}" text-anchor="middle">`
    + `${esc(chart.xLabel)}</text>`,
  `<text transform="translate(16 ${MARGIN.top + plotH / 2}) rotate(-90)" `
    + `text-anchor="middle">${esc(chart.yLabel)}</text>`);
  chart.series.forEach((series, index) => {
    const colour = COLOURS[index % COLOURS.length] as string;
    const path = series.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`);
    if (path.length > 1) {
      parts.push(`<polyline fill="none" stroke="${colour}" stroke-width="1.5" `
        + `points="${path.join(' ')}"/>`);
    } else if (path.length === 1) {
      const [x, y] = (path[0] as string).split(',');
      parts.push(`<circle cx="${x}" cy="${y}" r="3" fill="${colour}"/>`);
    }
    const ly = MARGIN.top + 10 + index * 16;
    parts.push(`<line x1="${WIDTH - MARGIN.right + 12}" x2="${WIDTH - MARGIN.right + 30}" `
      + `y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="3"/>`,
    `<text x="${WIDTH - MARGIN.right + 36}" y="${ly + 4}">${esc(series.name)}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The smallest 1, 2, 2.5 or 5 × 10^k at or above the value, so the axis ends on a tick. */
export function roundUp(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * magnitude >= value * (1 - 1e-9)) ?? 10;
  return step * magnitude;
}

function ticks(max: number): number[] {
  const step = roundUp(max / 5);
  const count = Math.round(max / step);
  return Array.from({ length: count + 1 }, (_, i) => i * step);
}

function label(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
