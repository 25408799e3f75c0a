import type { OutputFormat } from './config.ts';
import type { Sink } from './io.ts';

export type Row = Readonly<Record<string, unknown>>;

export interface Column {
  header: string;
  /** The row's field shown in this column, or a function for derived values. */
  field: string | ((row: Row) => unknown);
  /** Longer text is cut with an ellipsis; ids and timestamps have no limit. */
  maxWidth?: number;
}

// C0 and C1 controls and bidirectional overrides: text from the API (a receiver's response
// body, say) must not be able to move the cursor or recolour the terminal.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function sanitize(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

/** One value as table text: `-` for none, lists comma-joined, objects as compact JSON. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined || value === '') return '-';
  if (typeof value === 'string') return sanitize(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) {
    return value.length === 0 ? '-' : sanitize(value.map(String).join(', '));
  }
  return sanitize(JSON.stringify(value));
}

function cut(text: string, maxWidth: number | undefined): string {
  if (maxWidth === undefined || text.length <= maxWidth) return text;
  return `${text.slice(0, maxWidth - 1)}…`;
}

export function isRow(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Prints results as aligned columns or as the API's JSON, as `--output` asks. */
export class Output {
  readonly format: OutputFormat;
  readonly #stdout: Sink;
  readonly #stderr: Sink;

  constructor(format: OutputFormat, stdout: Sink, stderr: Sink) {
    this.format = format;
    this.#stdout = stdout;
    this.#stderr = stderr;
  }

  /** Bytes to stdout exactly as they are. */
  raw(bytes: Uint8Array): void {
    this.#stdout.write(bytes);
  }

  /** A JSON body as the API sent it, ending in one newline. */
  jsonBytes(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.#stdout.write(bytes);
    if (bytes[bytes.length - 1] !== 0x0a) this.#stdout.write('\n');
  }

  /** A value harborctl composed itself (merged pages, health checks) as JSON. */
  jsonValue(value: unknown): void {
    this.#stdout.write(`${JSON.stringify(value)}\n`);
  }

  line(text = ''): void {
    this.#stdout.write(`${text}\n`);
  }

  /** Remarks for the person at the terminal (hints, empty results): stderr, so pipes stay clean. */
  note(text: string): void {
    this.#stderr.write(`${text}\n`);
  }

  table(rows: readonly Row[], columns: readonly Column[]): void {
    const cells = rows.map((row) => columns.map((col) => {
      const value = typeof col.field === 'string' ? row[col.field] : col.field(row);
      return cut(cellText(value), col.maxWidth);
    }));
    const widths = columns.map((col, i) =>
      Math.max(col.header.length, ...cells.map((line) => (line[i] ?? '').length)));
    const render = (line: readonly string[]): string =>
      line.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
    this.line(render(columns.map((col) => col.header)));
    for (const line of cells) this.line(render(line));
  }

  /** One object as `field  value` lines; `omit` leaves out fields shown another way. */
  detail(row: Row, omit: readonly string[] = []): void {
    const keys = Object.keys(row).filter((key) => !omit.includes(key));
    const width = Math.max(0, ...keys.map((key) => sanitize(key).length));
    for (const key of keys) this.line(`${sanitize(key).padEnd(width)}  ${cellText(row[key])}`);
  }
}
