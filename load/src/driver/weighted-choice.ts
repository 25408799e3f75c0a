/** Picks an index with probability proportional to its weight, from a seeded random source. */
export class WeightedChoice {
  readonly #cumulative: number[];
  readonly #random: () => number;

  constructor(weights: readonly number[], random: () => number) {
    if (weights.length === 0) throw new RangeError('a weighted choice needs at least one weight');
    let sum = 0;
    this.#cumulative = weights.map((weight) => (sum += weight));
    this.#random = random;
  }

  pick(): number {
    const point = this.#random() * (this.#cumulative.at(-1) as number);
    const index = this.#cumulative.findIndex((edge) => point < edge);
    return index === -1 ? this.#cumulative.length - 1 : index;
  }
}
