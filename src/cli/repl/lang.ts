/**
 * Bilingual replies: the REPL answers in the language of the input (detected like the planner
 * does), and slash commands in the language of the last free-text input.
 */
import { detectLang } from '../../llm/instruction-parse.js';

export type Lang = 'zh' | 'en';

export { detectLang };

/** Pick the text for `lang`. */
export function tr(lang: Lang, en: string, zh: string): string {
  return lang === 'zh' ? zh : en;
}
