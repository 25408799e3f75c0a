/**
 * Undo steps registered while something is built, run last-first. Every step runs even when
 * an earlier one fails, so a half-started lab is torn down as completely as a whole one.
 */
export class Teardown {
  readonly #steps: { what: string; run: () => Promise<void> }[] = [];
  #done: Promise<void> | undefined;

  /**
   * Builds something with a fresh Teardown; if the build fails, tears down whatever it had
   * started (a failure of that is dropped) and rethrows the build's error.
   */
  static async around<T>(build: (teardown: Teardown) => Promise<T>): Promise<T> {
    const teardown = new Teardown();
    try {
      return await build(teardown);
    } catch (err) {
      await teardown.run().catch(() => undefined);
      throw err;
    }
  }

  add(what: string, run: () => Promise<void>): void {
    this.#steps.push({ what, run });
  }

  /** Runs every step once; later calls wait for the same run. Rejects with the first failure. */
  async run(): Promise<void> {
    this.#done ??= this.#runAll();
    await this.#done;
  }

  async #runAll(): Promise<void> {
    const failures: Error[] = [];
    for (const step of this.#steps.reverse()) {
      try {
        await step.run();
      } catch (err) {
        failures.push(new Error(`teardown step "${step.what}" failed: ${(err as Error).message}`,
          { cause: err }));
      }
    }
    if (failures.length > 0) throw failures[0];
  }
}
