/**
 * Progress reporting for long work (circuit setup, proving, confirmations, the demo). The library
 * reports through this interface only; the terminal implementation (createProgress) is the CLI
 * layer's, in src/cli/progress.ts.
 */
export interface Progress {
  /** Starts a timed step; returns a handle that updates and ends it. */
  step(label: string, total?: number): StepHandle;
  info(message: string): void;
}

export interface StepHandle {
  update(done: number, total?: number, detail?: string): void;
  done(detail?: string): number;
}

/** A Progress that prints nothing, for library calls whose caller did not ask for output. */
export const silentProgress: Progress = {
  info() {},
  step() {
    const started = performance.now();
    return {
      update() {},
      done: () => performance.now() - started,
    };
  },
};
