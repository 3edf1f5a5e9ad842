/**
 * How `askml search`, `run` and `resume` stop on a signal. Ctrl-C (SIGINT) first stops the search
 * softly (the best model so far is refit and saved, and for run / resume evaluated and reported),
 * a second one stops at once. SIGTERM (a service manager's or `kill`'s stop, with SIGKILL to follow)
 * stops at once: the best trial's own model is kept, the run is recorded as cancelled, and
 * `askml resume` completes it later. Without this SIGTERM killed the process like SIGKILL: no model
 * and a stale session lock (audit).
 */
export interface StopSignals {
  /** The exit code for a stop by signal (130 for SIGINT, 143 for SIGTERM), else `otherwise`. */
  exitCode(otherwise: number): number;
  dispose(): void;
}

let terminated = false;

/** Whether a SIGTERM stopped this process's work (a CANCELLED error then exits 143, not 130). */
export function terminatedBySignal(): boolean {
  return terminated;
}

export function stopOnSignals(o: { soft: () => void; hard: () => void; say: (line: string) => void; softMessage: string }): StopSignals {
  let got: 'SIGINT' | 'SIGTERM' | null = null;
  let soft = false;
  const onInt = () => {
    got ??= 'SIGINT';
    if (soft) return o.hard();
    soft = true;
    o.say(o.softMessage);
    o.soft();
  };
  const onTerm = () => {
    if (got === 'SIGTERM') return;
    got = 'SIGTERM';
    terminated = true;
    o.say("Terminated (SIGTERM): stopping at once; the best trial's model is kept ('askml resume' completes the run).");
    if (!soft) o.soft();
    soft = true;
    o.hard();
  };
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return {
    exitCode: (otherwise) => (got === 'SIGTERM' ? 143 : got === 'SIGINT' ? 130 : otherwise),
    dispose() {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
    },
  };
}
