/**
 * What the instruction says about each mentioned column: the target ("预测 X", "X as the target",
 * "X 预测"), excluded ("不要用 X", "ignore X and Y", "X 这一列去掉"), used ("用 X 和 Y"), used
 * exclusively ("只用 X"), categorical or text. Mentions joined by connectors ("X, Y and Z",
 * "X、Y 和 Z") form one list and share the cue. French, Spanish and German cue words come from
 * words-fr-es-de.ts.
 */
import type { Mention } from './column-match.js';
import { excludeBeforeWords, featureBeforeWords, GERMAN_AFTER_AT_CLAUSE_END, GERMAN_VERB_LAST, LIST_WORDS, targetAfterWords, targetBeforeWords, wordsSource } from './words-fr-es-de.js';

export type MentionRole = 'target' | 'exclude' | 'only' | 'feature' | 'categorical' | 'text' | 'none';

interface Cue {
  role: Exclude<MentionRole, 'none'>;
  re: RegExp;
  /** Characters allowed between the cue and the mention (default: 30 for target cues, 14 for others). */
  maxGap?: number;
}

const BEFORE: Cue[] = [
  { role: 'exclude', re: /w\/o|exclud(?:e|ing)|ignor(?:e|ing)|disregard(?:ing)?|discard(?:ing)?|drop(?:ping)?|remov(?:e|ing)|without(?:\s+(?:using|looking\s+at|considering|taking\s+into\s+account|regard\s+to|touching))?|not\s+(?:looking\s+at|considering|touching)|(?:but|and)\s+not(?:\s+(?:the|use|using|with))?|(?:don['’]?t|do\s+not|never|won['’]?t)\s+(?:(?:want|need)\s+(?:to\s+)?)?(?:use|touch|consider|look\s+at|include)|(?:don['’]?t|do\s+not)\s+(?:want|need)|do\s+not\s+use|not\s+us(?:e|ing)|keep\s+away\s+from|stay\s+away\s+from|set\s+aside|leave\s+aside|forget\s+about|never\s+use|leave\s+out|leaving\s+out|skip(?:ping)?|except(?:\s+for)?|omit(?:ting)?|get\s+rid\s+of|throw\s+away|no\s+(?:use\s+of\s+)?|不要使用|不要用|不要|不用|别用|不使用|不能用|去掉|去除|排除|忽略|删掉|删除|丢掉|丢弃|剔除|除了|除去|不考虑|不看|不要看|别看|不去看|不包括|不包含|舍弃|扔掉|拿掉|移除|不需要|不参考|撇开|抛开/gi },
  // "ignore all columns except sex", "drop every column but sex", "without using anything other
  // than sex": a refusal of all the others keeps the listed columns ("use everything except cabin"
  // excludes cabin). Longer than the bare exclude cue 'except' ending at the same place, so it wins.
  { role: 'only', re: /(?:ignor(?:e|ing)|drop(?:ping)?|exclud(?:e|ing)|remov(?:e|ing)|discard(?:ing)?|disregard(?:ing)?|skip(?:ping)?|omit(?:ting)?|leave\s+out|without(?:\s+using)?|(?:don['’]?t|do\s+not)\s+use|not\s+using)\s+(?:all|every(?:thing)?|any(?:thing)?)(?:\s+(?:the|other|of\s+the|remaining))*(?:\s+(?:columns?|features?|fields?|variables?|inputs?))?\s+(?:except(?:\s+for)?|but(?!\s+not)|other\s+than|apart\s+from|besides|save\s+for)/gi },
  { role: 'only', re: /only\s+us(?:e|ing)|us(?:e|ing)\s+only|just\s+us(?:e|ing)|only\s+(?:the\s+)?|(?:solely|exclusively|purely)\s+(?:(?:on|from|by)\s+)?(?:the\s+)?|nothing\s+but\s+(?:the\s+)?|只用|仅用|只使用|仅使用|只根据|仅根据|只基于|仅基于|只凭|仅凭|单凭|光凭|光用|光看|只依据|仅依据|只依靠|只看|只要/gi },
  { role: 'target', re: /predict(?:s|ing|ion\s+of|ions\s+of)?|forecast(?:ing)?|estimat(?:e|ing)|classify(?:ing)?|determin(?:e|ing)|guess(?:ing)?|find\s+out|figure\s+out|tell\s+(?:me\s+)?|target(?:\s+(?:column|variable))?(?:\s+(?:is|=|:))?|label\s+(?:column\s+)?is|what|which|whether|who|(?:from\s+)?where|how\s+(?:much|many)|model(?:ing|ling)?|预测|预估|估计|估算|推测|推断|判断|识别|区分|分辨|分类出|目标(?:列|变量|字段)?(?:是|为|[:：=])?|标签(?:列)?(?:是|为)|是否|能否|会不会|哪些|看看|算出|算一下|以|对|把/gi },
  // "来自哪个岛", "坐几等舱", "卖多少钱": a question word right before the mention asks for it.
  { role: 'target', maxGap: 3, re: /哪一?个|哪一?种|哪一?类|哪一?座|哪一?家|哪里|哪儿|哪|几(?!列|行|项|个?(?:特征|字段|变量))|多少|多大|多高|多重|什么|啥/g },
  { role: 'feature', re: /us(?:e|ing)|from|with|based\s+on|given|根据|基于|利用|使用|通过|结合|用|按照|按/gi },
  // French, Spanish, German: "prédire la colonne y", "sin usar Cabin", "anhand von Age".
  { role: 'exclude', re: new RegExp(wordsSource(excludeBeforeWords()), 'gi') },
  { role: 'target', re: new RegExp(wordsSource(targetBeforeWords()), 'gi') },
  { role: 'feature', re: new RegExp(wordsSource(featureBeforeWords()), 'gi') },
];

// An after-cue sits right behind the mention (fillers like "这一列", "column" allowed).
const FILL = String.raw`^[\s"'“”‘’()（）\]]*(?:[这那]一?列|[这那]一?栏|[这那]几列|[这那]些列|[这那]两列|[这那]三列|[这那]几个字段|[这那]个字段|[这那]个变量|[这那]一项|两列|三列|几列|列|字段|变量|columns?|features?|fields?|variables?)?[\s"'“”‘’()（）\]]*`;
const AFTER: (Cue & { free?: boolean })[] = [
  // "X 作为目标", "X is the target": valid wherever it stands.
  { role: 'target', free: true, re: new RegExp(FILL + String.raw`(?:作为|当作|当成|为|是|设为|做)(?:预测)?(?:的)?(?:目标|标签|因变量|label|target|y)(?![a-z])|^\s*(?:is|as|will\s+be|should\s+be)\s+(?:the\s+|my\s+|our\s+)?(?:target|label|response|outcome|dependent)`, 'i') },
  // "y comme cible", "y es el objetivo", "y als Ziel".
  { role: 'target', free: true, re: new RegExp(FILL + wordsSource(targetAfterWords()), 'i') },
  // "房价预测", "spam classifier": only when nothing else follows in the phrase ("性别预测生还" is a before-cue).
  // "切工等级是什么？", "岛屿是哪一个": a question right after the mention asks for it too.
  { role: 'target', re: new RegExp(String.raw`^\s*(?:的)?(?:等级|级别|类型|类别|种类|品类|水平|状态|情况)?(?:大概|大约|大致|一般|通常|平均|究竟|到底)?(?:能|能否|可以|可不可以|会|要|怎么|如何)?(?:预测|分类|识别|判断|估计|估算|预估|是多少|有多少|会是多少|高低|是什么(?:等级|级别|类型|类别|种类)?|是啥|是哪一?[个种类级]|属于哪一?[个种类])|^\s*(?:prediction|predictor|classifier|classification|detection|detector|forecast|regression)`, 'i') },
  { role: 'exclude', re: new RegExp(FILL + String.raw`(?:都|也|就|完全|根本)?(?:不要用|不要使用|不要|不用|别用|不使用|不能用|去掉|删掉|删除|排除|忽略|丢掉|剔除|没什么用|没有用|没用|无用|用不上|不相关|无关|没意义|不参与|不考虑|拿掉|扔掉|不需要|会泄漏|泄漏|泄露)|^[\s,]*(?:(?:columns?|features?)\s+)?(?:(?:is|are|should\s+be|must\s+be|can\s+be)\s+)?(?:useless|excluded|ignored|dropped|removed|left\s+out|not\s+used|irrelevant|a\s+leak|leaky|noise|not\s+(?:needed|useful|relevant|wanted))|^[\s,]*(?:(?:columns?|features?)\s+)?(?:(?:is|are)\s+)?(?:leaks?|leaking|(?:is|are)n'?t\s+(?:needed|useful|relevant)|(?:does|do)(?:\s+not|n'?t)\s+(?:matter|help))(?![a-z])`, 'i') },
  { role: 'only', free: true, re: /^[\s)）\]]*(?:(?:columns?|features?|fields?|variables?|measurements?|measures?|values?|data|readings?|attributes?|dimensions?|sizes?|info(?:rmation)?)\s+)?(?:only|alone|and\s+nothing\s+else)(?![a-z])|^\s*(?:就行|就够了|即可|就好)/i },
  { role: 'categorical', free: true, re: new RegExp(FILL + String.raw`(?:当作|作为|当成|视为|看作|是)(?:类别型|类别变量|分类变量|类别特征|离散变量)|^\s*(?:as\s+(?:a\s+)?categor|is\s+categor)`, 'i') },
  { role: 'text', free: true, re: new RegExp(FILL + String.raw`(?:当作|作为|当成|视为|是)(?:文本|自由文本)|^\s*(?:as\s+(?:free\s+)?text|is\s+(?:free\s+)?text)`, 'i') },
];

/** What may follow a verb after-cue for it to close the phrase ("房价预测，", "price prediction for ..."). */
const CLOSING = /^\s*(?:模型|任务|问题|器|系统|吧|了|一下|看看|吗|呢|出来)?\s*(?:[,，、。；;.!?！？\n(（:：]|$)|^\s+(?:for|of|on|using|with|from|in|model|task|problem|please|based|without|w\/o|except|excluding|ignoring|so|but|because|since)(?![a-z])/i;

/** After a list led by 除了: the other columns are refused ("以外的列都不要用", "都不要用"). */
const EXCEPT_ONLY_AFTER = /^\s*(?:以外|之外)?\s*(?:的)?(?:列|特征|字段|变量)?\s*(?:[,，]\s*)?(?:其他|其余|别的)?(?:的)?(?:列|特征|字段|变量)?(?:都|全都|全部|一律)(?:不要用|不要使用|不要|不用|别用|不使用|去掉|忽略|不考虑|排除|删掉|删除|丢掉)/;

// A column word after a mention ("the contract type and age", "the district name and garage")
// does not end the list (audit: 'age' was left in).
const CONNECTOR = new RegExp(String.raw`^(?:[\s,，、/&+]|and|or|as well as|plus|both|the|columns?|types?|names?|fields?|values?|features?|variables?|和|与|及|以及|跟|还有|或|或者|列|字段|特征|这两列|这三列|${LIST_WORDS.join('|')})*$`, 'i');
const CONJ = /\b(?:and|or|plus)\b|&|\+|和|与|及|跟|还有|或|、|\//i;
const STRONG = /[。；;!?！？\n]|\.\s/;

export interface RoledMention extends Mention {
  role: MentionRole;
  cue?: string;
}

/** Assign each mention a role from the cue words around it. */
export function assignRoles(text: string, mentions: readonly Mention[]): RoledMention[] {
  // Group mentions into lists.
  const groups: Mention[][] = [];
  for (const m of mentions) {
    const g = groups[groups.length - 1];
    if (g && CONNECTOR.test(text.slice(g[g.length - 1].end, m.start))) g.push(m);
    else groups.push([m]);
  }
  const cues: ({ role: MentionRole; text: string; side: 'before' | 'after' } | null)[] = [];
  const afters: string[] = [];
  // "without using table, price is the target": a list with a before-cue and a target after-cue
  // splits; the last member is the target, the others take the before-cue.
  const splits: ({ role: MentionRole; text: string } | null)[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const g = groups[gi];
    const prevEnd = gi > 0 ? groups[gi - 1][groups[gi - 1].length - 1].end : 0;
    let before = text.slice(prevEnd, g[0].start);
    const cut = before.search(new RegExp(`(${STRONG.source})(?!.*(${STRONG.source}))`, 's'));
    if (cut >= 0) before = before.slice(cut + 1);
    const last = g[g.length - 1];
    const nextStart = gi + 1 < groups.length ? groups[gi + 1][0].start : text.length;
    const after = text.slice(last.end, nextStart);
    afters.push(after);
    const afterCue = matchAfter(after, gi === groups.length - 1);
    const beforeCue = matchBefore(before);
    // An after-cue wins over a weak before-cue ("用 X 作为目标"); a strong before-cue wins otherwise.
    let cue: { role: MentionRole; text: string; side: 'before' | 'after' } | null = null;
    // "除了 X 以外的列都不要用": 除了 before the list and a refusal of the rest after it keep only X.
    const exceptOnly = beforeCue?.role === 'exclude' && /^(?:除了|除去)$/.test(beforeCue.text) && EXCEPT_ONLY_AFTER.exec(after);
    if (exceptOnly) {
      cue = { role: 'only', text: `${beforeCue!.text}…${exceptOnly[0].trim()}`, side: 'before' };
    } else if (afterCue && (!beforeCue || beforeCue.role === 'feature' || beforeCue.role === 'target' || afterCue.role === 'target')) {
      cue = { ...afterCue, side: 'after' };
    } else if (beforeCue) cue = { ...beforeCue, side: 'before' };
    cues.push(cue);
    splits.push(cue?.side === 'after' && cue.role === 'target' && beforeCue && beforeCue.role !== 'target' && g.length > 1 ? beforeCue : null);
  }
  // German puts the verb last ("die Spalte y in 5 Sekunden vorhersagen", "Cabin und Name weglassen"):
  // the verb points back at the nearest list before it in its sentence that has no cue of its own.
  for (const v of germanVerbsLast(text)) {
    const before = groups.map((_, gi) => gi).filter((gi) => groups[gi][0].start >= v.sentenceStart && groups[gi][groups[gi].length - 1].end <= v.start);
    if (v.role === 'target' && before.some((gi) => cues[gi]?.role === 'target')) continue;
    const gi = before.reverse().find((j) => !cues[j] || cues[j]!.role === 'none');
    if (gi !== undefined) cues[gi] = { role: v.role, text: v.text, side: 'after' };
  }
  // Back-references: "Ticket 和 Cabin 质量很差，请不要用。", "用克拉、切工……估算价格，只用这四列".
  for (let gi = 0; gi < groups.length; gi++) {
    const ref = backReference(afters[gi], gi === groups.length - 1);
    if (!ref) continue;
    // "predict churn, the tenure column leaks, drop it": a list led by a target cue; the others go.
    if (ref.role === 'exclude' && cues[gi]?.role === 'target' && cues[gi]!.side === 'before' && groups[gi].length > 1 && !splits[gi]) {
      splits[gi] = ref;
      continue;
    }
    const weak = (j: number) => !cues[j] || cues[j]!.role === 'feature' || cues[j]!.role === 'none';
    let j = gi;
    if (ref.role === 'only') while (j >= 0 && !weak(j)) j--;
    if (j >= 0 && weak(j)) cues[j] = { role: ref.role, text: ref.text, side: 'after' };
  }
  const clauseBreak = groups.map((g) => g.length > 1 && g.slice(1).some((m, k) => /[,，]\s*the\s/i.test(text.slice(g[k].end, m.start)) && !CONJ.test(text.slice(g[k].end, m.start))));
  const out: RoledMention[] = [];
  groups.forEach((g, gi) => {
    const cue = cues[gi];
    g.forEach((m, i) => {
      let role: MentionRole = cue?.role ?? 'none';
      // Only one target per list: the member nearest the cue.
      if (role === 'target' && g.length > 1 && i !== (cue!.side === 'before' ? 0 : g.length - 1)) role = splits[gi]?.role ?? 'none';
      // "…headline, the source should be ignored": a comma alone does not make a list for an after-cue.
      if (cue?.side === 'after' && !splits[gi] && role !== 'target' && i < g.length - 1 && clauseBreak[gi]) role = 'none';
      out.push({ ...m, role, cue: role === splits[gi]?.role ? splits[gi]!.text : cue?.text });
    });
  });
  return out;
}

const VERB_LAST: { role: 'target' | 'exclude'; re: RegExp }[] = [
  // "vorhersagen Sie y" puts the verb first: that is a before-cue.
  { role: 'target', re: new RegExp(wordsSource(GERMAN_VERB_LAST.target) + String.raw`(?!\s+Sie(?![a-z]))`, 'gi') },
  { role: 'exclude', re: new RegExp(wordsSource(GERMAN_VERB_LAST.exclude) + String.raw`(?!\s+Sie(?![a-z]))`, 'gi') },
  { role: 'exclude', re: new RegExp(wordsSource(GERMAN_AFTER_AT_CLAUSE_END) + String.raw`(?=\s*(?:[,.;:!?)]|$))`, 'gi') },
];

/** German sentence-final verbs in text order, each with the start of its sentence. */
function germanVerbsLast(text: string): { role: 'target' | 'exclude'; text: string; start: number; sentenceStart: number }[] {
  const out: { role: 'target' | 'exclude'; text: string; start: number; sentenceStart: number }[] = [];
  for (const v of VERB_LAST) {
    v.re.lastIndex = 0;
    for (let m = v.re.exec(text); m; m = v.re.exec(text)) {
      const strong = new RegExp(STRONG.source, 'g');
      let sentenceStart = 0;
      for (let s = strong.exec(text); s && s.index < m.index; s = strong.exec(text)) sentenceStart = s.index + s[0].length;
      out.push({ role: v.role, text: m[0], start: m.index, sentenceStart });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

const BACK_EXCLUDE = /(?:请|就|都|也|千万)?(?:不要用|不要使用|不用|别用|不使用|去掉|删掉|删除|排除|忽略|丢掉|剔除|不要|扔掉|拿掉|舍弃)(?:了|吧|掉|它们|它|这些)?\s*$|(?:don'?t|do\s+not|never)\s+(?:use|touch|include)\s+(?:them|those|these|it)(?:\s+please)?\s*$|(?:drop|ignore|exclude|remove|skip|discard|disregard|get\s+rid\s+of)\s+(?:them|those|these|it|both)(?:\s+please)?\s*$|leave\s+(?:them|those|these|it|both)\s+out(?:\s+please)?\s*$/i;
const BACK_ONLY = /(?:只|仅)(?:用|使用|要|保留)这(?:[一二两三四五六七八九十\d]+|几|些)?个?(?:列|特征|字段|项|变量)|(?:别的|其他|其余的?)(?:列|特征|字段)?都不(?:要|用)|only\s+(?:these|those)(?:\s+\w+)?\s+(?:columns|features|fields|variables)|(?:use|using)\s+(?:these|those)\s+(?:\w+\s+)?(?:columns|features)\s+only|nothing\s+else|no\s+other\s+(?:columns|features)/i;

/** A cue in the text after a list that points back at it, with no object of its own. */
function backReference(after: string, isLast: boolean): { role: MentionRole; text: string } | null {
  const only = BACK_ONLY.exec(after);
  if (only) return { role: 'only', text: only[0] };
  // The exclusion verb must end its sentence ("……质量很差，请不要用。"); "别用 X" belongs to X.
  const end = after.search(/[。.!！?？;；\n]/);
  if (end < 0 && !isLast) return null;
  const m = BACK_EXCLUDE.exec((end < 0 ? after : after.slice(0, end)).trim());
  return m ? { role: 'exclude', text: m[0].trim() } : null;
}

function matchAfter(after: string, isLast: boolean): { role: MentionRole; text: string } | null {
  for (const c of AFTER) {
    const m = c.re.exec(after);
    if (!m) continue;
    // The cue must close the phrase: in "X 不要用 Y" or "性别预测生还" the cue belongs to Y.
    const rest = after.slice(m.index + m[0].length);
    // Empty rest before another mention: "性别预测生还" -- the cue belongs to the next mention.
    const closes = CLOSING.test(rest) && (isLast || rest.trim() !== '');
    if (!c.free && !closes) continue;
    return { role: c.role, text: m[0].trim() };
  }
  return null;
}

function matchBefore(before: string): { role: MentionRole; text: string } | null {
  let best: { role: MentionRole; text: string; end: number; len: number } | null = null;
  for (const c of BEFORE) {
    c.re.lastIndex = 0;
    for (let m = c.re.exec(before); m; m = c.re.exec(before)) {
      if (m[0].length === 0) {
        c.re.lastIndex++;
        continue;
      }
      // ASCII cues need word boundaries ("use" inside "because" is not a cue).
      if (/^[a-z]/i.test(m[0]) && /[a-z]$/i.test(before.slice(0, m.index))) continue;
      const end = m.index + m[0].trimEnd().length;
      const endsWord = !/[a-z]/i.test(before.charAt(m.index + m[0].length)) || /\s$/.test(m[0]) || !/[a-z]$/i.test(m[0]);
      if (!endsWord) continue;
      const len = m[0].length;
      // Target cues may sit a few words away ("predict whether the passenger survived"); others close.
      const gap = before.slice(end).trim();
      const maxGap = c.maxGap ?? (c.role === 'target' ? 30 : 14);
      if (gap.length > maxGap) continue;
      if (!best || end > best.end || (end === best.end && len > best.len)) best = { role: c.role, text: m[0].trim(), end, len };
    }
  }
  return best ? { role: best.role, text: best.text } : null;
}
