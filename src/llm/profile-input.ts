/**
 * Build the offline planner's input from a data profile (src/data/profile-schema.ts). Typed
 * structurally, so the planner does not depend on the profile module: any object with these
 * fields works.
 */
import type { ColumnInfo } from '../data/column-info.js';
import type { OfflinePlanInput } from './offline-planner.js';

export interface ProfileLike {
  columns: readonly {
    name: string;
    type: ColumnInfo['type'];
    semantic: ColumnInfo['semantic'];
    role: ColumnInfo['role'];
    reason?: string | null;
    missingShare: number;
    distinct: number;
    examples: readonly string[];
    /** Most frequent values: used for value matching ("spam" -> the label column). */
    top?: readonly { value: string }[];
    text?: { lang: 'zh' | 'en' | 'other' } | null;
  }[];
  target: { name: string; task: 'binary' | 'multiclass' | 'regression'; classes: readonly { share: number }[] } | null;
}

export function planInputFromProfile(instruction: string, profile: ProfileLike, opts: { defaultBudgetSeconds?: number } = {}): OfflinePlanInput {
  const columns: ColumnInfo[] = profile.columns.map((c) => ({
    name: c.name,
    type: c.type,
    semantic: c.semantic,
    role: c.role,
    reason: c.reason ?? undefined,
    missingShare: c.missingShare,
    distinct: c.distinct,
    lang: c.text?.lang,
    examples: [...new Set([...(c.top ?? []).map((t) => t.value), ...c.examples])].slice(0, 20),
  }));
  const t = profile.target;
  const shares = t && t.task !== 'regression' ? t.classes.map((c) => c.share) : [];
  return {
    instruction,
    columns,
    targetGuess: t?.name ?? null,
    taskGuess: t?.task ?? null,
    minorityShare: shares.length > 1 ? Math.min(...shares) : null,
    defaultBudgetSeconds: opts.defaultBudgetSeconds,
  };
}
