/**
 * The step lines of a task (`> Profiling the data (profile_data)`, `  export_model failed: ...`) for `askml run` and the
 * chat. A failed step is held back until the task goes on: when the failure ends the task, the
 * error line that follows says it, so each failure is printed once, not as a step line and again
 * as "error: ...". A failure the task survives (an optional step, an LLM retry) is printed.
 *
 * A failed call the LLM planner made is shown as the model read it, with tool and argument names
 * (profile_data, budget_seconds): the model sent those, and CLI commands would garble it ("'askml
 * profile FILE'"). Failures of the steps askml runs itself are in CLI wording. A log line starting
 * with 'note: ' (e.g. a model's search budget capped to the task's) is for the user and printed, as
 * are the task's cancel messages.
 */
import { isModelCallError } from '../../agent/loop.js';
import type { TimedTaskEvent } from '../../task/tasks.js';
import { cliText } from '../cli-errors.js';
import { localizer } from '../../report/localize.js';
import type { RenderLang } from './run.js';

export interface StepLines {
  event(e: TimedTaskEvent): void;
  /** The task ended; `error` is its error message when it failed. */
  end(error?: string): void;
}

/** What each tool does, in words; the tool's name follows in brackets (it is what MCP and logs call it). */
const STEP_WORDS_ZH: Record<string, string> = {
  profile_data: '分析数据',
  engineer_features: '构建特征',
  search_model: '搜索模型',
  tune: '调优最佳学习器',
  evaluate: '在留出的测试数据上评分',
  export_model: '导出为 ONNX',
  report: '撰写报告',
  predict: '预测',
};

const STEP_WORDS: Record<string, string> = {
  profile_data: 'Profiling the data',
  engineer_features: 'Building features',
  search_model: 'Searching models',
  tune: 'Tuning the best learner',
  evaluate: 'Scoring on the held-out test rows',
  export_model: 'Exporting to ONNX',
  report: 'Writing the report',
  predict: 'Predicting',
};

export function stepLine(tool: string, lang: RenderLang = 'en'): string {
  const words = (lang === 'zh' ? STEP_WORDS_ZH : STEP_WORDS)[tool];
  return words ? (lang === 'zh' ? `> ${words}（${tool}）` : `> ${words} (${tool})`) : `> ${tool}`;
}

const zh = localizer('zh');

/** A step note ('search_model: The search ...', the tool first when the LLM planner ran it) in Chinese where known. */
function noteZh(note: string): string {
  const m = /^([a-z_]+): (.*)$/s.exec(note);
  return m ? `${m[1]}：${zh.text(m[2])}` : zh.text(note);
}

/** Step lines for `command`; with lang 'zh' (a Chinese instruction) the words and notes are Chinese. */
export function stepLines(line: (text: string) => void, command: string, lang: RenderLang = 'en'): StepLines {
  let pending: { text: string; message: string } | null = null;
  let lastStarted: string | null = null;
  const flush = () => {
    if (pending) line(pending.text);
    pending = null;
  };
  return {
    event(e) {
      if (e.type === 'step_start') {
        flush();
        // The same step again right after it succeeded (the data profiled again for the instruction's target) is one line.
        if (e.tool !== lastStarted) line(stepLine(e.tool, lang));
        lastStarted = e.tool;
      } else if (e.type === 'step_end' && !e.ok) {
        flush();
        lastStarted = null; // a retry of a failed step gets its own line
        const message = e.error?.message ?? '';
        const shown = isModelCallError(e.error) ? message : cliText(message, command);
        pending = { text: lang === 'zh' ? `  ${e.tool} 失败：${shown}` : `  ${e.tool} failed: ${shown}`, message };
      } else if (e.type === 'log' && e.message.startsWith('note: ')) {
        flush();
        line(lang === 'zh' ? `  备注：${noteZh(e.message.slice('note: '.length))}` : `  ${e.message}`);
      } else if (e.type === 'log' && /cancel/i.test(e.message)) {
        // "Cancel requested: stopping the search; ..." (src/task/submit.ts), as it happens.
        flush();
        line(lang === 'zh' ? zh.text(e.message) : e.message);
      }
    },
    end(error) {
      if (pending && error !== undefined && pending.message !== '' && error.includes(pending.message)) pending = null;
      flush();
    },
  };
}
