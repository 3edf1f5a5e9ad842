/** `--planner llm` needs a configured model: check it before any data is profiled or any task is recorded. */
import { AskmlError } from '../errors.js';

export async function requireLlmConfig(): Promise<void> {
  const { loadLlmConfig } = await import('../llm/config.js');
  if (!loadLlmConfig()) {
    throw new AskmlError('LLM_ERROR', 'The LLM planner was requested but no model is configured (ASKML_MODEL is not set).', {
      hint: 'Set ASKML_MODEL, ASKML_BASE_URL and ASKML_API_KEY, or use --planner offline.',
    });
  }
}
