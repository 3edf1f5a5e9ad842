/**
 * The only module that imports @node-rs/jieba. Loaded lazily (synchronously, through
 * createRequire) the first time Chinese word tokens are asked for, so nothing pays for the
 * dictionary unless a plan uses jieba words.
 */
import { createRequire } from 'node:module';
import { AskmlError } from '../../errors.js';

interface JiebaLike {
  cut(sentence: string, hmm?: boolean | null): string[];
}

let instance: JiebaLike | null = null;

function load(): JiebaLike {
  if (instance) return instance;
  try {
    const require = createRequire(import.meta.url);
    const mod = require('@node-rs/jieba') as { Jieba: { withDict(d: Uint8Array): JiebaLike } };
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    instance = mod.Jieba.withDict(dict);
    return instance;
  } catch (e) {
    throw new AskmlError('INTERNAL', `Could not load the Chinese word segmenter @node-rs/jieba: ${(e as Error).message}`, {
      hint: "Use analyzer 'char' for Chinese text instead of 'word'.",
    });
  }
}

const WORDLIKE = /[\p{L}\p{N}]/u;

/** Chinese (and mixed) text -> word tokens; punctuation and whitespace tokens are dropped. */
export function jiebaWords(text: string): string[] {
  const out: string[] = [];
  for (const w of load().cut(text, true)) if (WORDLIKE.test(w)) out.push(w);
  return out;
}
