import type { Phases } from './phases.ts';

export interface ProgressFacts {
  t: number;
  published: number;
  received: number;
  pending: number;
  errors: number;
  faultOn: boolean;
}

/**
 * One line a second on stderr while an experiment runs: where it is in its phases and what
 * the platform is doing, so a long run is never silent.
 */
export class ProgressLine {
  readonly #name: string;
  readonly #phases: Phases;
  readonly #out: NodeJS.WritableStream | false;

  constructor(name: string, phases: Phases, out: NodeJS.WritableStream | false) {
    this.#name = name;
    this.#phases = phases;
    this.#out = out;
  }

  update(facts: ProgressFacts): void {
    const phase = facts.faultOn ? 'FAULT' : facts.t < this.#phases.faultStartS ? 'steady'
      : facts.t < this.#phases.loadEndS ? 'after' : 'drain';
    // The load's length is known; the drain's is not, so it shows elapsed time only.
    const clock = phase === 'drain' ? `${facts.t.toFixed(0).padStart(3)} s      `
      : `${facts.t.toFixed(0).padStart(3)} s/${String(this.#phases.loadEndS).padEnd(3)}`;
    this.#write(`${clock} ${phase.padEnd(6)} `
      + `published ${facts.published}, received ${facts.received}, not final `
      + `${facts.pending}, publish errors ${facts.errors}`);
  }

  note(message: string): void {
    this.#write(message);
  }

  #write(line: string): void {
    if (this.#out !== false) this.#out.write(`[chaos ${this.#name}] ${line}\n`);
  }
}
