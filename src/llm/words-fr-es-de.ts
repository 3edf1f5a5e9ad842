/**
 * French, Spanish and German words the offline planner reads besides Chinese and English: written
 * numbers and time units (budgets), metric and task names, and the cue words that point at the
 * target, an exclusion or an input column. Small tables per language; instruction-parse.ts and
 * mention-roles.ts build their regexes from them. Plans and reports for these instructions stay
 * in English (Plan.lang is 'zh' | 'en').
 *
 * Phrases are written with their accents; the built patterns accept them with or without
 * ("prédire" or "predire", "fünf" or "funf", "dreißig" or "dreissig") and only as whole words.
 */

type Lang = 'fr' | 'es' | 'de';
type PerLang = Record<Lang, readonly string[]>;

/** Latin letters with their accented forms: what a phrase must not touch on either side. */
export const LETTER = 'A-Za-z\\u00C0-\\u024F';

const ACCENT: Record<string, string> = {
  é: '[ée]', è: '[èe]', ê: '[êe]', à: '[àa]', â: '[âa]', î: '[îi]', ô: '[ôo]', û: '[ûu]', ç: '[çc]',
  á: '[áa]', í: '[íi]', ó: '[óo]', ú: '[úu]', ñ: '[ñn]', ä: '[äa]', ö: '[öo]', ü: '[üu]', ß: '(?:ß|ss)',
};

/**
 * Regex source for one phrase (use with the 'i' flag): accents optional, any whitespace between
 * words, a hyphen as a hyphen, a space or nothing, either apostrophe.
 */
export function phraseSource(phrase: string): string {
  let out = '';
  for (const ch of phrase.toLowerCase()) {
    if (ch in ACCENT) out += ACCENT[ch];
    else if (ch === ' ') out += '\\s+';
    else if (ch === '-') out += '[\\s-]?';
    else if (ch === "'") out += "['’]\\s*";
    else out += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return out;
}

/** Regex source for any of `phrases` as whole words, longest first ("l'" may touch the next word). */
export function wordsSource(phrases: readonly string[]): string {
  const alts = [...new Set(phrases)].sort((a, b) => b.length - a.length).map((p) => phraseSource(p) + (/[a-zß\u00C0-\u024F]$/i.test(p) ? `(?![${LETTER}])` : ''));
  return `(?<![${LETTER}])(?:${alts.join('|')})`;
}

const all = (t: PerLang): string[] => [...t.fr, ...t.es, ...t.de];

/** Lowercase without accents, spaces or hyphens, ß as ss: the key of the number and unit tables. */
export function fold(s: string): string {
  return s.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[\s-]+/g, '');
}

// ---------------------------------------------------------------- budgets
/**
 * Written numbers before a time unit ("une minute", "dos horas", "zwei Minuten", "media hora",
 * "eine halbe Stunde", "anderthalb Stunden"). They count only right before a unit of UNITS, so "un"
 * or "dos" alone never make a budget.
 */
const NUMBERS: Record<Lang, Record<string, number>> = {
  fr: {
    un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
    quinze: 15, vingt: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60, 'quatre-vingt-dix': 90,
    quelques: 3, 'une demi-': 0.5, 'demi-': 0.5,
  },
  es: {
    un: 1, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
    quince: 15, veinte: 20, treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, noventa: 90,
    'un par de': 2, media: 0.5, medio: 0.5,
  },
  de: {
    ein: 1, eine: 1, einer: 1, zwei: 2, drei: 3, vier: 4, fünf: 5, sechs: 6, sieben: 7, acht: 8, neun: 9, zehn: 10,
    fünfzehn: 15, zwanzig: 20, dreißig: 30, vierzig: 40, fünfzig: 50, sechzig: 60, neunzig: 90,
    'ein paar': 2, halbe: 0.5, halben: 0.5, 'eine halbe': 0.5, 'einer halben': 0.5, anderthalb: 1.5, eineinhalb: 1.5,
  },
};

/**
 * Time units. Left out on purpose: German "Std" (in English text "3 std" is standard deviations),
 * and bare letters other than English's s / m / h.
 */
const UNITS: Record<Lang, { seconds: string[]; minutes: string[]; hours: string[] }> = {
  fr: { seconds: ['seconde', 'secondes', 'sec'], minutes: ['minute', 'minutes', 'mn'], hours: ['heure', 'heures'] },
  es: { seconds: ['segundo', 'segundos', 'seg', 'segs'], minutes: ['minuto', 'minutos'], hours: ['hora', 'horas'] },
  de: { seconds: ['Sekunde', 'Sekunden', 'Sek'], minutes: ['Minute', 'Minuten'], hours: ['Stunde', 'Stunden'] },
};

/** "une minute et demie", "una hora y media" (German says "anderthalb", a number above). */
const HALF_AFTER: PerLang = { fr: ['et demie', 'et demi'], es: ['y media', 'y medio'], de: [] };

const numberTable = new Map<string, number>();
for (const lang of ['fr', 'es', 'de'] as const) for (const [w, n] of Object.entries(NUMBERS[lang])) numberTable.set(fold(w), n);
const unitTable = new Map<string, number>();
for (const lang of ['fr', 'es', 'de'] as const) {
  for (const u of UNITS[lang].seconds) unitTable.set(fold(u), 1);
  for (const u of UNITS[lang].minutes) unitTable.set(fold(u), 60);
  for (const u of UNITS[lang].hours) unitTable.set(fold(u), 3600);
}

/** Regex source (no boundaries: the budget regex adds its own) of the written numbers, longest first. */
export const NUMBER_WORDS_SOURCE = [...new Set(Object.values(NUMBERS).flatMap(Object.keys))]
  .sort((a, b) => b.length - a.length)
  .map(phraseSource)
  .join('|');
/** Regex source of the time units, each a whole word. */
export const UNIT_WORDS_SOURCE = [...new Set(Object.values(UNITS).flatMap((u) => [...u.seconds, ...u.minutes, ...u.hours]))]
  .sort((a, b) => b.length - a.length)
  .map((u) => `${phraseSource(u)}(?![${LETTER}])`)
  .join('|');
/** Regex source of the half after a unit, with its leading space ("et demie"). */
export const HALF_AFTER_SOURCE = all(HALF_AFTER).map((h) => `\\s+${phraseSource(h)}(?![${LETTER}])`).join('|');

/** The value of a written number of the tables, or null. */
export const numberWord = (s: string): number | null => numberTable.get(fold(s)) ?? null;
/** Seconds in one unit of the tables, or null. */
export const unitSeconds = (s: string): number | null => unitTable.get(fold(s)) ?? null;
/**
 * "une seconde colonne", "un segundo modelo": after a written one, French and Spanish "second"
 * is mostly the ordinal, not a one-second budget.
 */
export const isOrdinalSecond = (num: string, unit: string): boolean => numberWord(num) === 1 && /^(?:seconde|segundo)$/.test(fold(unit));

/** Phrases that introduce a budget given as a bare number ("limite de temps : 60"). */
export const BARE_BUDGET_WORDS: PerLang = {
  fr: ['limite de temps', 'budget de temps', 'temps maximum'],
  es: ['presupuesto', 'presupuesto de tiempo', 'límite de tiempo', 'tiempo máximo'],
  de: ['Zeitlimit', 'Zeitbudget', 'Zeitbegrenzung'],
};

// ---------------------------------------------------------------- metrics and tasks
/**
 * Metric names. Left out on purpose: "précision", "precisión" and "Genauigkeit" alone, which
 * writers use for accuracy as often as for precision.
 */
export const METRIC_WORDS: Record<'balanced_accuracy' | 'macro_f1' | 'accuracy' | 'log_loss' | 'rmse' | 'mse' | 'mae' | 'r2', PerLang> = {
  balanced_accuracy: {
    fr: ['exactitude équilibrée', 'exactitude balancée', 'précision équilibrée', 'précision balancée'],
    es: ['exactitud balanceada', 'exactitud equilibrada', 'precisión balanceada', 'precisión equilibrada'],
    de: ['balancierte Genauigkeit', 'ausgewogene Genauigkeit'],
  },
  macro_f1: { fr: ['F-mesure', 'mesure F'], es: ['medida F'], de: ['F-Maß'] },
  accuracy: { fr: ['exactitude', 'taux de bonnes réponses'], es: ['exactitud', 'tasa de aciertos'], de: ['Treffergenauigkeit', 'Korrektklassifikationsrate'] },
  log_loss: { fr: ['perte logarithmique', 'entropie croisée'], es: ['pérdida logarítmica', 'entropía cruzada'], de: ['Kreuzentropie', 'logarithmischer Verlust'] },
  rmse: {
    fr: ["racine de l'erreur quadratique moyenne", "racine carrée de l'erreur quadratique moyenne"],
    es: ['raíz del error cuadrático medio'],
    de: ['Wurzel des mittleren quadratischen Fehlers'],
  },
  mse: { fr: ['erreur quadratique moyenne'], es: ['error cuadrático medio'], de: ['mittlerer quadratischer Fehler', 'mittleren quadratischen Fehler', 'mittleren quadratischen Fehlers'] },
  mae: { fr: ['erreur absolue moyenne'], es: ['error absoluto medio'], de: ['mittlerer absoluter Fehler', 'mittleren absoluten Fehler', 'mittleren absoluten Fehlers'] },
  r2: { fr: ['coefficient de détermination'], es: ['coeficiente de determinación'], de: ['Bestimmtheitsmaß'] },
};
export const metricWords = (m: keyof typeof METRIC_WORDS): string[] => all(METRIC_WORDS[m]);

/** Task names. "classification" and "Regression" are also English words and already read. */
export const TASK_WORDS: Record<'multiclass' | 'binary' | 'regression' | 'classification', PerLang> = {
  multiclass: { fr: ['multiclasse', 'multi-classe', 'plusieurs classes'], es: ['multiclase', 'varias clases'], de: ['Mehrklassen', 'mehrere Klassen'] },
  binary: { fr: ['binaire', 'deux classes'], es: ['binaria', 'binario', 'dos clases'], de: ['binär', 'binäre', 'binären', 'zwei Klassen'] },
  regression: { fr: ['régression'], es: ['regresión'], de: ['Regression'] },
  classification: {
    fr: ['classification', 'classifier', 'classer'],
    es: ['clasificación', 'clasificar'],
    de: ['Klassifikation', 'Klassifizierung', 'klassifizieren', 'Klassifikationsaufgabe'],
  },
};
export const taskWords = (t: keyof typeof TASK_WORDS): string[] => all(TASK_WORDS[t]);

/** Preference words (instruction-parse.ts findPreferences); words that are English too ("interpretable") are in its own patterns. */
export const PREFERENCE_WORDS: Record<'interpretable' | 'fast' | 'imbalanced' | 'export_onnx' | 'max_accuracy' | 'explain', PerLang> = {
  interpretable: {
    fr: ['interprétable', 'interprétables', 'explicable', 'explicables', 'modèle simple', 'facile à interpréter'],
    es: ['explicable', 'modelo simple', 'modelo sencillo', 'fácil de interpretar'],
    de: ['interpretierbar', 'interpretierbares', 'interpretierbaren', 'erklärbar', 'erklärbares', 'einfaches Modell', 'nachvollziehbar', 'nachvollziehbares'],
  },
  fast: {
    fr: ['rapide', 'rapidement', 'vite', 'au plus vite'],
    es: ['rápido', 'rápida', 'rápidamente', 'cuanto antes', 'deprisa'],
    de: ['schnell', 'schnelles', 'schnellen', 'zügig', 'möglichst schnell'],
  },
  imbalanced: {
    fr: ['déséquilibré', 'déséquilibrée', 'déséquilibrés', 'déséquilibrées', 'classe minoritaire', 'classes rares'],
    es: ['desbalanceado', 'desbalanceada', 'desbalanceados', 'desbalanceadas', 'desequilibrado', 'desequilibrada', 'desequilibradas', 'clase minoritaria'],
    de: ['unausgewogen', 'unausgewogene', 'unbalanciert', 'unbalancierte', 'Minderheitsklasse', 'ungleich verteilt', 'seltene Klasse'],
  },
  export_onnx: {
    fr: ['exporter', 'exportez', 'déployer', 'déploiement'],
    es: ['exportar', 'exporta', 'desplegar', 'despliegue'],
    de: ['exportieren', 'exportiere', 'bereitstellen', 'deployen'],
  },
  max_accuracy: {
    fr: ['le plus précis possible', 'aussi précis que possible', 'le meilleur modèle', 'la meilleure précision'],
    es: ['lo más preciso posible', 'el mejor modelo', 'la mayor precisión', 'máxima precisión'],
    de: ['so genau wie möglich', 'möglichst genau', 'das beste Modell', 'höchste Genauigkeit', 'maximale Genauigkeit'],
  },
  explain: {
    fr: ['importance des variables', 'importance des caractéristiques', 'quelles variables', 'facteurs'],
    es: ['importancia de las variables', 'importancia de las características', 'qué variables', 'factores'],
    de: ['Merkmalswichtigkeit', 'Feature-Wichtigkeit', 'welche Merkmale', 'Einflussfaktoren', 'welche Faktoren'],
  },
};
export const preferenceWords = (p: keyof typeof PREFERENCE_WORDS): string[] => all(PREFERENCE_WORDS[p]);

// ---------------------------------------------------------------- cues around column mentions
// Cue words that are also English words are left out: "classifier" ("a classifier on Age" must not
// make Age the target), Spanish "quite" and "usa", German "aus".

/**
 * Words before a column that make it the target ("prédire la colonne y", "predecir la columna y",
 * "Vorhersage von y", "la cible : y"). "la colonne", "la columna", "die Spalte" between the cue
 * and the column are filler within the cue's reach.
 */
export const TARGET_BEFORE: PerLang = {
  fr: [
    'prédire', 'prédis', 'prédisez', 'prédiction', 'prévoir', 'prévois', 'prévoyez', 'prévision',
    'classer', 'classez', 'classifiez', 'estimer', 'estimez', 'déterminer', 'déterminez',
    'deviner', 'devinez', 'cible',
  ],
  es: [
    'predecir', 'predice', 'predecid', 'prediga', 'predigan', 'predicción', 'pronosticar', 'pronostica', 'pronóstico',
    'clasificar', 'clasifica', 'clasifique', 'estimar', 'estima', 'estime', 'determinar', 'determina', 'adivinar', 'adivina', 'objetivo',
  ],
  de: [
    'Vorhersage', 'vorhersagen Sie', 'sage', 'sagen Sie', 'Prognose', 'prognostiziere', 'prognostizieren Sie',
    'klassifiziere', 'klassifizieren Sie', 'schätze', 'schätzen Sie', 'bestimme', 'bestimmen Sie', 'Ziel', 'Zielspalte', 'Zielvariable',
  ],
};

/** Words right after a column that make it the target ("y comme cible", "y es el objetivo", "y als Ziel"). */
export const TARGET_AFTER: PerLang = {
  fr: ['comme cible', 'est la cible', 'comme variable cible', 'est la variable cible', 'est la colonne cible'],
  es: ['como objetivo', 'es el objetivo', 'como variable objetivo', 'es la variable objetivo', 'es la columna objetivo'],
  de: ['als Ziel', 'ist das Ziel', 'als Zielspalte', 'ist die Zielspalte', 'als Zielvariable', 'ist die Zielvariable'],
};

/**
 * Words before a column that exclude it ("ignorer la colonne Cabin", "sin usar Cabin", "ohne Cabin"),
 * gerunds and "except" words included ("en ignorant region", "excluyendo region", "sauf region",
 * "unter Ausschluss von region"). Left out on purpose: French "ignorant" without "en" (an English
 * word), German "ausschließlich" (it means "only").
 */
export const EXCLUDE_BEFORE: PerLang = {
  fr: [
    'ignorer', 'ignorez', 'ignore', 'exclure', 'excluez', 'exclus', 'sans', 'sans utiliser', 'retirer', 'retirez',
    'supprimer', 'supprimez', 'enlever', 'enlevez', 'enlève', 'ne pas utiliser', "n'utilise pas", "n'utilisez pas",
    'écarter', 'écartez', 'omettre', 'omettez',
    'en ignorant', 'en excluant', 'excluant', 'en écartant', 'en omettant', 'en retirant', 'en supprimant', 'en enlevant',
    'en laissant de côté', 'en mettant de côté', "en n'utilisant pas", 'sans tenir compte de', 'sans tenir compte du',
    'sans tenir compte des', 'sans prendre en compte', 'sans considérer', 'sauf', 'hormis', 'excepté',
    "à l'exception de", "à l'exception du", "à l'exception des",
  ],
  es: [
    'ignorar', 'ignora', 'ignore', 'excluir', 'excluye', 'excluya', 'sin', 'sin usar', 'quitar', 'quita', 'eliminar', 'elimina', 'elimine', 'no uses', 'no usar', 'no utilices',
    'omitir', 'omite', 'descartar', 'descarta',
    'excluyendo', 'ignorando', 'omitiendo', 'descartando', 'quitando', 'eliminando', 'dejando fuera', 'dejando de lado',
    'sin contar', 'sin contar con', 'sin tener en cuenta', 'sin considerar', 'sin utilizar', 'sin incluir',
    'excepto', 'salvo', 'a excepción de', 'con excepción de',
  ],
  de: [
    'ignoriere', 'ignorieren Sie', 'ohne', 'entferne', 'entfernen Sie', 'außer',
    'ausgenommen', 'unter Ausschluss von', 'unter Ausschluss der', 'unter Ausschluss des', 'mit Ausnahme von',
    'mit Ausnahme der', 'mit Ausnahme des', 'abgesehen von', 'ohne Berücksichtigung von', 'ohne Berücksichtigung der',
  ],
};

/** Words before a column that make it an input ("avec l'âge", "con Age", "anhand von Age"). */
export const FEATURE_BEFORE: PerLang = {
  fr: ['avec', 'à partir de', 'à partir du', 'à partir des', 'en utilisant', 'en fonction de', 'selon', 'utiliser', 'utilisez'],
  es: ['con', 'usando', 'utilizando', 'a partir de', 'según', 'en función de', 'usar'],
  de: ['mit', 'anhand', 'anhand von', 'basierend auf', 'mithilfe von', 'verwende', 'nutze'],
};

/**
 * German puts the verb last ("die Spalte y in 5 Sekunden vorhersagen", "Cabin weglassen"): these
 * verbs point back at a column before them in their sentence.
 */
export const GERMAN_VERB_LAST: Record<'target' | 'exclude', readonly string[]> = {
  // The participles cover the passive ("survived soll vorhergesagt werden", "Cabin und Fare sollen ignoriert werden").
  target: ['vorhersagen', 'vorherzusagen', 'voraussagen', 'prognostizieren', 'klassifizieren', 'schätzen', 'bestimmen', 'vorhergesagt', 'vorausgesagt', 'prognostiziert'],
  exclude: [
    'ignorieren', 'weglassen', 'entfernen', 'ausschließen', 'nicht verwenden', 'nicht benutzen', 'nicht nutzen', 'nicht berücksichtigen', 'außen vor lassen',
    'ignoriert', 'weggelassen', 'ausgeschlossen', 'nicht verwendet', 'nicht benutzt', 'nicht genutzt', 'nicht berücksichtigt', 'unberücksichtigt', 'außen vor gelassen',
  ],
};
/**
 * German words that exclude the column before them only when they end the clause ("gender
 * ausgenommen,"): "ausgenommen gender" is a before-cue, and "Age und Fare verwenden, ausgenommen
 * Cabin" must not exclude Age and Fare.
 */
export const GERMAN_AFTER_AT_CLAUSE_END: readonly string[] = ['ausgenommen'];

/** Words joining columns into one list ("Age et Sex", "Age y Fare", "Age und Fare"). */
export const LIST_WORDS: readonly string[] = ['et', 'ou', 'ni', 'y', 'o', 'und', 'oder', 'sowie', 'le', 'la', 'les', 'el', 'los', 'las', 'der', 'die', 'das', 'den'];

export const targetBeforeWords = (): string[] => all(TARGET_BEFORE);
export const targetAfterWords = (): string[] => all(TARGET_AFTER);
export const excludeBeforeWords = (): string[] => all(EXCLUDE_BEFORE);
export const featureBeforeWords = (): string[] => all(FEATURE_BEFORE);
export const bareBudgetWords = (): string[] => all(BARE_BUDGET_WORDS);

/**
 * Verbs that ask to predict (for "prédire <a column that is not there>" errors) and the words that
 * end the predicted object ("prédire y en 5 secondes", "predecir y con Age").
 */
export const PREDICT_VERBS: PerLang = {
  fr: ['prédire', 'prédis', 'prédisez', 'prévoir', 'prévoyez', 'classer', 'classez', 'classifiez', 'estimer', 'estimez'],
  es: ['predecir', 'predice', 'prediga', 'pronosticar', 'pronostica', 'clasificar', 'clasifica', 'estimar', 'estima'],
  de: ['vorhersagen', 'vorherzusagen', 'voraussagen', 'prognostizieren', 'prognostiziere', 'klassifizieren', 'klassifiziere', 'schätzen', 'schätze'],
};
export const OBJECT_END: PerLang = {
  fr: ['en', 'dans', 'avec', 'pour', 'sans', 'selon', 'par', 'à partir de', 'en utilisant'],
  es: ['en', 'con', 'para', 'sin', 'según', 'por', 'usando', 'a partir de'],
  de: ['in', 'innerhalb', 'mit', 'für', 'ohne', 'anhand', 'aus'],
};
/** Articles and column words at the start of a predicted object ("prédire la colonne y" -> y). */
export const OBJECT_FILLER: PerLang = {
  fr: ['la colonne', 'le champ', 'la variable', 'le', 'la', 'les', "l'"],
  es: ['la columna', 'el campo', 'la variable', 'el', 'la', 'los', 'las'],
  de: ['die Spalte', 'das Feld', 'die Variable', 'den', 'die', 'das', 'der'],
};
/** One-word objects that name no column ("prédire quoi", "predecir si ..."). */
export const OBJECT_NOT_A_NAME: PerLang = {
  fr: ['si', 'quoi', 'qui', 'quel', 'quelle', 'quels', 'quelles', 'cela', 'ça', 'ceci', 'tout', 'cible', 'classe', 'valeur', 'résultat'],
  es: ['si', 'qué', 'quién', 'cuál', 'cuáles', 'esto', 'eso', 'todo', 'objetivo', 'clase', 'valor', 'resultado'],
  de: ['ob', 'was', 'wer', 'welche', 'welcher', 'welches', 'das', 'es', 'alles', 'Ziel', 'Klasse', 'Wert', 'Ergebnis'],
};
export const predictVerbs = (): string[] => all(PREDICT_VERBS);
export const objectNotANameWords = (): string[] => all(OBJECT_NOT_A_NAME);
export const objectEndWords = (): string[] => all(OBJECT_END);
export const objectFillerWords = (): string[] => all(OBJECT_FILLER);
