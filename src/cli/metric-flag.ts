/**
 * `--metric M`, checked before any data is loaded: a metric name from src/evaluate/metrics.ts
 * (case, '-' and ' ' are forgiven as checkMetric forgives them), else BAD_METRIC naming the value,
 * a likely meaning ('f1' -> macro_f1, 'auc' -> roc_auc) and every metric. Whether the metric fits
 * the task is known only after profiling; the search tool says so then.
 */
import { AskmlError } from '../errors.js';
import { METRIC_NAMES, suggestMetric, type MetricName } from '../evaluate/metrics.js';

export { suggestMetric };

export function metricFlag(raw: string | undefined): MetricName | null {
  if (raw === undefined) return null;
  const key = raw.trim().toLowerCase().replace(/[- ]/g, '_');
  if ((METRIC_NAMES as string[]).includes(key)) return key as MetricName;
  const near = suggestMetric(raw);
  throw new AskmlError('BAD_METRIC', `--metric '${raw}' is not a metric.`, {
    hint: near ? `Did you mean '${near}'?` : undefined,
    choices: METRIC_NAMES,
    value: raw,
  });
}
