/**
 * zod output schemas for the search_model and tune tools (OpenAI strict mode: closed objects,
 * .nullable() instead of .optional(); params as name/value lists because strict mode has no
 * open records), and converters from the engine results.
 */
import { z } from 'zod';
import type { Params } from '../learners/types.js';
import { displayParams } from './learner-search.js';
import type { SearchModelResult } from './automl.js';
import type { LeaderboardEntry } from './finish.js';
import type { TuneResult } from './tune.js';

export const ParamSchema = z.object({ name: z.string(), value: z.union([z.number(), z.string(), z.boolean()]) }).strict();

export const LeaderboardEntrySchema = z
  .object({
    rank: z.number().int(),
    trialId: z.number().int(),
    learner: z.string(),
    params: z.array(ParamSchema),
    score: z.number().describe('mean validation score (cross-validation folds or holdout)'),
    sampleSize: z.number().int().describe('training rows the trial used'),
    fitSeconds: z.number(),
  })
  .strict();

export const LearnerRowSchema = z
  .object({
    learner: z.string(),
    trials: z.number().int().describe('finished trials of this learner (scored or failed)'),
    failed: z.number().int().describe('trials that failed with an error'),
    timedOut: z.number().int().describe('trials cut at their time limit, without a score'),
    fitSeconds: z.number().describe('worker seconds its trials took'),
    bestScore: z.number().nullable().describe('validation score of its best configuration; null when no trial scored'),
    bestScoreStd: z.number().nullable().describe('standard deviation of that score over the cross-validation folds'),
    bestParams: z.array(ParamSchema),
  })
  .strict();

export type LearnerRow = z.infer<typeof LearnerRowSchema>;

/** "40 (2 failed, 1 cut at the time limit)": a learner's trial count for people (CLI, tool summary). */
/**
 * A model's name from its members' learners, each learner once with its count, in first-seen
 * order: 'logistic_regression x2 + linear_svm x3 + gbdt' (not 'logistic_regression+linear_svm+...').
 */
export function modelName(learners: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const l of learners) counts.set(l, (counts.get(l) ?? 0) + 1);
  return [...counts].map(([l, n]) => (n > 1 ? `${l} x${n}` : l)).join(' + ');
}

export function trialCountText(r: Pick<LearnerRow, 'trials' | 'failed' | 'timedOut'>, lang: 'en' | 'zh' = 'en'): string {
  const zh = lang === 'zh';
  const extra = [r.failed ? (zh ? `${r.failed} 次失败` : `${r.failed} failed`) : '', r.timedOut ? (zh ? `${r.timedOut} 次到时间上限被中止` : `${r.timedOut} cut at the time limit`) : ''].filter(Boolean);
  return extra.length ? (zh ? `${r.trials}（${extra.join('，')}）` : `${r.trials} (${extra.join(', ')})`) : String(r.trials);
}

export const SearchResultSchema = z
  .object({
    runId: z.string(),
    status: z.enum(['completed', 'budget_exhausted', 'cancelled']),
    task: z.enum(['binary', 'multiclass', 'regression']),
    metric: z.string(),
    validation: z.object({ kind: z.enum(['cv', 'holdout']), k: z.number().int(), rows: z.number().int().describe('training rows the search used (those with a target)') }).strict(),
    best: LeaderboardEntrySchema,
    leaderboard: z.array(LeaderboardEntrySchema).describe('top trials, best first'),
    learners: z.array(LearnerRowSchema).describe("each learner's best configuration and trial count, best learner first"),
    ensemble: z
      .object({
        members: z.array(z.object({ trialId: z.number().int(), learner: z.string(), weight: z.number() }).strict()),
        score: z.number(),
        bestSingleScore: z.number(),
        kept: z.boolean().describe('true when the final model is this ensemble'),
      })
      .strict()
      .nullable(),
    finalModel: z
      .object({
        kind: z.enum(['single', 'ensemble']),
        learners: z.array(z.string()),
        refitOnAllRows: z.boolean(),
        bagged: z.boolean().describe("Each learner's cross-validation fold models averaged instead of one refit on all rows"),
        validationScore: z.number().nullable(),
      })
      .strict(),
    trials: z.number().int().describe('finished trials of the run, earlier sessions of a resumed run included'),
    sessionTrials: z.number().int().describe('trials finished in this session (wallSeconds is its time)'),
    wallSeconds: z.number(),
    featureSeconds: z.number(),
    notes: z.array(z.string()),
  })
  .strict();

export type SearchResultOutput = z.infer<typeof SearchResultSchema>;

export const TuneResultSchema = SearchResultSchema.extend({
  learner: z.string(),
  startScore: z.number().nullable().describe('validation score of the starting configuration'),
  improvement: z.number().nullable().describe('best score minus start score (sign follows the metric)'),
}).strict();

export type TuneResultOutput = z.infer<typeof TuneResultSchema>;

/** A config as name/value pairs for tool output: the search's internal class-weight key shown as users see it. */
export function paramList(params: Params): { name: string; value: number | string | boolean }[] {
  const p = displayParams(params);
  return Object.keys(p)
    .sort()
    .map((name) => ({ name, value: p[name] }));
}

function entry(e: LeaderboardEntry): z.infer<typeof LeaderboardEntrySchema> {
  return {
    rank: e.rank,
    trialId: e.trialId,
    learner: e.learner,
    params: paramList(e.params),
    score: e.score,
    sampleSize: e.sampleSize,
    fitSeconds: e.fitSeconds,
  };
}

export function searchResultOutput(r: SearchModelResult, limit = 10): SearchResultOutput {
  const groups = r.model.groups();
  return {
    runId: r.runId,
    status: r.status,
    task: r.task,
    metric: r.metric,
    validation: r.validation,
    best: entry(r.best),
    leaderboard: r.leaderboard.slice(0, limit).map(entry),
    learners: r.learners.map((l) => ({
      learner: l.learner,
      trials: l.trials,
      failed: l.failed,
      timedOut: l.timedOut,
      fitSeconds: l.fitSeconds,
      bestScore: l.best?.score ?? null,
      bestScoreStd: l.best?.scoreStd ?? null,
      bestParams: l.best ? paramList(l.best.params) : [],
    })),
    ensemble: r.ensemble
      ? {
          members: r.ensemble.members.map((m) => ({ trialId: m.trialId, learner: m.learner, weight: m.weight })),
          score: r.ensemble.score,
          bestSingleScore: r.ensemble.bestSingleScore,
          kept: r.ensemble.kept,
        }
      : null,
    finalModel: {
      kind: r.model.kind,
      learners: groups.map((g) => g.learner),
      refitOnAllRows: r.model.members.every((m) => m.refit),
      bagged: groups.some((g) => g.bagged),
      validationScore: r.model.validationScore,
    },
    trials: r.trials,
    sessionTrials: r.sessionTrials,
    wallSeconds: r.wallSeconds,
    featureSeconds: r.featureSeconds,
    notes: r.notes,
  };
}

export function tuneResultOutput(r: TuneResult, limit = 10): TuneResultOutput {
  return { ...searchResultOutput(r, limit), learner: r.learner, startScore: r.startScore, improvement: r.improvement };
}
