/**
 * How a figure is judged against a baseline. `throughput` and `time` scale with the machine's
 * speed and are normalised by the reference ceiling; `size` (memory), `count` (transactions
 * per delivery) and `ratio` (a figure over a ceiling measured in the same run) do not.
 */
export type FigureKind = 'throughput' | 'time' | 'size' | 'count' | 'ratio';

/** One comparable number of a benchmark run. */
export interface Figure {
  value: number;
  unit: string;
  better: 'higher' | 'lower';
  kind: FigureKind;
}
