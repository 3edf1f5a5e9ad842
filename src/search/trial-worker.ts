/**
 * The worker-thread side of the search: receives the shared matrices once, then trial and refit
 * requests (configs in, scores and out-of-fold predictions out). Started via worker-entry.mjs.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FeatureView } from '../features/types.js';
import type { TaskType } from '../learners/types.js';
import type { MetricName } from '../evaluate/metrics.js';
import { fromShared, type SharedMatrix } from './matrix-ops.js';
import { refitModel, runTrial, type RefitRequest, type TrialData, type TrialRequest } from './trial-runner.js';
import type { ValidationPlan } from './validation.js';

export interface WorkerInit {
  type: 'init';
  views: Partial<Record<FeatureView, SharedMatrix>>;
  y: SharedArrayBuffer;
  task: TaskType;
  nClasses: number;
  plan: ValidationPlan;
  repeats?: ValidationPlan[];
  metric: MetricName;
}

export type WorkerRequest =
  | { type: 'trial'; req: TrialRequest }
  | ({ type: 'refit'; id: number } & RefitRequest);

let data: TrialData | null = null;
// Load the learners right away, while the main thread is still preparing the data.
const loaded: Promise<unknown> = Promise.all(((workerData?.modules ?? []) as string[]).map((m) => import(m)));
loaded.catch(() => undefined);

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'describe' in e && typeof (e as { describe: unknown }).describe === 'function') {
    return (e as { describe(): string }).describe();
  }
  return e instanceof Error ? e.message : String(e);
}

parentPort!.on('message', async (msg: WorkerInit | WorkerRequest) => {
  try {
    if (msg.type === 'init') {
      await loaded;
      const views: TrialData['views'] = {};
      for (const [k, v] of Object.entries(msg.views)) if (v) views[k as FeatureView] = fromShared(v);
      data = { views, y: new Float64Array(msg.y), task: msg.task, nClasses: msg.nClasses, plan: msg.plan, repeats: msg.repeats, metric: msg.metric };
      parentPort!.postMessage({ type: 'ready' });
      return;
    }
    if (!data) throw new Error('worker not initialised');
    if (msg.type === 'trial') {
      try {
        const out = await runTrial(data, msg.req);
        parentPort!.postMessage({ type: 'result', out }, out.oof ? [out.oof.buffer as ArrayBuffer] : []);
      } catch (e) {
        parentPort!.postMessage({
          type: 'result',
          out: { id: msg.req.id, ok: false, foldScores: [], score: NaN, loss: Infinity, fitSeconds: 0, oof: null, info: {}, model: null, memoryMB: 0, aux: null, error: errorText(e) },
        });
      }
      return;
    }
    if (msg.type === 'refit') {
      try {
        const r = await refitModel(data, msg);
        parentPort!.postMessage({ type: 'refit', id: msg.id, ok: true, model: r.model, seconds: r.seconds });
      } catch (e) {
        parentPort!.postMessage({ type: 'refit', id: msg.id, ok: false, error: errorText(e) });
      }
    }
  } catch (e) {
    parentPort!.postMessage({ type: 'fatal', error: errorText(e) });
  }
});
