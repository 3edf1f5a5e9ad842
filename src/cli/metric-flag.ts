/**
 * `--metric M`, checked before any data is loaded: a metric name from src/evaluate/metrics.ts
 * (case, '-' and ' ' are forgiven as checkMetric forgives them), else BAD_METRIC naming the value,
 * a likely meaning ('f1' -> macro_f1, 'auc' -> roc_auc) and every metric. Whether the metric fits
 * the task is known only after profiling; the search tool says so then.
 */
import { AskmlError, closest } from '../errors.js';
import { METRIC_NAMES, type MetricName } from '../evaluate/metrics.js';

const squash = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/** The metric a mistyped or abbreviated name most likely means. */
export function suggestMetric(raw: string): MetricName | undefined {
  const lower = raw.trim().toLowerCase();
  const s = squash(raw);
  if (!s) return undefined;
  return METRIC_NAMES.find((m) => squash(m) === s) // logloss, rocauc
    ?? METRIC_NAMES.find((m) => m.split('_').includes(lower)) // f1, auc
    ?? (s.length >= 3 ? METRIC_NAMES.find((m) => squash(m).startsWith(s)) : undefined) // acc, bal
    ?? (closest(lower, METRIC_NAMES) as MetricName | undefined);
}

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
