/**
 * A small pool of worker threads for trials and refits. Matrices are shared once at start
 * (SharedArrayBuffer); each request posts a config and gets a result back. Busy workers can be
 * terminated at the deadline (V8 stops them even inside a tight loop) and are respawned on demand.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { SavedModel } from '../learners/types.js';
import type { RefitRequest, TrialOutcome, TrialRequest } from './trial-runner.js';
import type { WorkerInit, WorkerRequest } from './trial-worker.js';
import { TIME_LIMIT_ERROR } from './run-log.js';

export class TerminatedError extends Error {
  constructor() {
    super('worker terminated');
  }
}

/** A trial ran past its time limit; its worker was terminated. */
export class TrialTimeoutError extends Error {
  constructor(readonly seconds: number) {
    super(`${TIME_LIMIT_ERROR} (${seconds.toFixed(1)} s)`);
  }
}

export interface RefitReply {
  ok: boolean;
  model?: SavedModel;
  seconds?: number;
  error?: string;
}

interface Slot {
  worker: Worker;
  ready: Promise<void>;
  busy: boolean;
  dead: boolean;
  pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void } | null;
}

const ENTRY = new URL('./worker-entry.mjs', import.meta.url);

export class WorkerPool {
  private slots: Slot[] = [];
  private closed = false;
  private init: WorkerInit | null = null;

  /**
   * Spawns `size` workers at once; each imports `modules` (the learners) while the caller
   * prepares the data, which `setData` then shares with all of them.
   */
  constructor(
    readonly size: number,
    private readonly modules: string[],
  ) {
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Share the data with every worker (and with workers spawned later). */
  setData(init: WorkerInit): void {
    this.init = init;
    for (const s of this.slots) if (!s.dead) s.worker.postMessage(init);
  }

  /** Resolves when every worker has loaded its modules and received the data. */
  async ready(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.ready));
  }

  private spawn(): Slot {
    const worker = new Worker(ENTRY, { workerData: { modules: this.modules } });
    let readyResolve!: () => void;
    let readyReject!: (e: unknown) => void;
    const slot: Slot = {
      worker,
      ready: new Promise<void>((res, rej) => {
        readyResolve = res;
        readyReject = rej;
      }),
      busy: false,
      dead: false,
      pending: null,
    };
    slot.ready.catch(() => undefined);
    worker.on('message', (msg: { type: string; out?: TrialOutcome; error?: string } & RefitReply) => {
      if (msg.type === 'ready') return readyResolve();
      if (msg.type === 'fatal') {
        readyReject(new Error(msg.error));
        return this.fail(slot, new Error(msg.error));
      }
      const p = slot.pending;
      slot.pending = null;
      slot.busy = false;
      this.release();
      if (!p) return;
      if (msg.type === 'result') p.resolve(msg.out);
      else p.resolve({ ok: msg.ok, model: msg.model, seconds: msg.seconds, error: msg.error });
    });
    worker.on('error', (e) => {
      readyReject(e);
      this.fail(slot, e);
    });
    worker.on('exit', () => {
      readyReject(new TerminatedError());
      this.fail(slot, new TerminatedError());
    });
    if (this.init) worker.postMessage(this.init);
    return slot;
  }

  private fail(slot: Slot, e: unknown): void {
    slot.dead = true;
    const wasBusy = slot.busy;
    slot.busy = false;
    const p = slot.pending;
    slot.pending = null;
    p?.reject(e);
    if (wasBusy) this.release();
  }

  /** How many workers can run at once without oversubscribing the machine's cores. */
  concurrency(): number {
    return Math.max(1, Math.min(this.size, availableParallelism()));
  }

  /** Workers not busy (dead ones are replaced when used). */
  idleCount(): number {
    return this.slots.filter((s) => !s.busy).length;
  }

  busyCount(): number {
    return this.slots.filter((s) => s.busy).length;
  }

  private waiters: (() => void)[] = [];

  private async take(): Promise<Slot> {
    for (;;) {
      if (this.closed) throw new TerminatedError();
      let i = this.slots.findIndex((s) => !s.busy && !s.dead);
      if (i < 0) i = this.slots.findIndex((s) => !s.busy);
      if (i >= 0) {
        if (this.slots[i].dead) this.slots[i] = this.spawn();
        const slot = this.slots[i];
        slot.busy = true;
        return slot;
      }
      await new Promise<void>((res) => this.waiters.push(res));
    }
  }

  private release(): void {
    const w = this.waiters.shift();
    if (w) w();
  }

  private async send<T>(msg: WorkerRequest, timeoutMs?: number): Promise<T> {
    const slot = await this.take();
    await slot.ready;
    return new Promise<T>((resolve, reject) => {
      if (slot.dead) return reject(new TerminatedError());
      let timer: NodeJS.Timeout | undefined;
      const t0 = Date.now();
      slot.pending = {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          if (slot.dead) return;
          this.fail(slot, new TrialTimeoutError((Date.now() - t0) / 1000));
          void slot.worker.terminate();
        }, Math.max(0, timeoutMs));
      }
      slot.worker.postMessage(msg);
    });
  }

  /** Run a trial; with `timeoutMs` the worker is terminated when the trial runs longer. */
  runTrial(req: TrialRequest, timeoutMs?: number): Promise<TrialOutcome> {
    return this.send<TrialOutcome>({ type: 'trial', req }, timeoutMs);
  }

  /** Fit a final model: on all rows, or (req.fold) one cv fold's model as its trial did. */
  refit(id: number, req: RefitRequest): Promise<RefitReply> {
    return this.send<RefitReply>({ type: 'refit', id, ...req });
  }

  /** Terminate every busy worker (their requests reject with TerminatedError). */
  async terminateBusy(): Promise<void> {
    const busy = this.slots.filter((s) => s.busy);
    for (const s of busy) this.fail(s, new TerminatedError());
    await Promise.all(busy.map((s) => s.worker.terminate()));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w();
    for (const s of this.slots) this.fail(s, new TerminatedError());
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots = [];
  }
}
