/**
 * System prompts live in prompts/system.{en,zh}.md so they can be read and edited as text.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROMPTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../prompts');

const cache = new Map<string, string>();

/** The system prompt for `lang`, with `{{name}}` placeholders filled from `vars`. */
export function loadSystemPrompt(lang: 'zh' | 'en', vars: Record<string, string | number> = {}): string {
  const file = path.join(PROMPTS_DIR, `system.${lang}.md`);
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(file, 'utf8');
    cache.set(file, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole));
}
