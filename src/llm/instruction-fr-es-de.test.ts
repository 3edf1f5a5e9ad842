/**
 * French, Spanish and German instructions: budgets, metric and task words, target / exclusion
 * cues, and the English / Chinese phrases the new words must leave alone.
 */
import { describe, expect, it } from 'vitest';
import { findBudget, findMetric, findTaskWords } from './instruction-parse.js';
import { offlinePlan } from './offline-planner.js';
import type { Plan } from '../agent/plan.js';
import { titanic, diamonds, churn, iris, people, type ColumnSet } from '../../test/column-sets.js';

describe('findBudget: French, Spanish, German', () => {
  const cases: [string, number][] = [
    // French
    ['prédire la colonne y en 5 secondes', 5],
    ['dans 2 minutes', 120],
    ['30 s', 30],
    ['1 heure', 3600],
    ['une minute', 60],
    ['en trois minutes', 180],
    ['dix secondes', 10],
    ['quatre-vingt-dix secondes', 90],
    ['une demi-heure', 1800],
    ['une minute et demie', 90],
    ['deux heures et demie', 9000],
    ['1,5 minute', 90],
    ['10 mn', 600],
    ['limite de temps : 60', 60],
    // Spanish
    ['en 2 minutos', 120],
    ['en 30 segundos', 30],
    ['una hora', 3600],
    ['un minuto', 60],
    ['cinco minutos', 300],
    ['media hora', 1800],
    ['una hora y media', 5400],
    ['un par de minutos', 120],
    ['45 seg', 45],
    ['presupuesto de 90', 90],
    // German
    ['in 5 Sekunden', 5],
    ['2 Minuten', 120],
    ['eine Stunde', 3600],
    ['in einer Minute', 60],
    ['zwei Minuten', 120],
    ['fünf Minuten', 300],
    ['funf Minuten', 300],
    ['dreißig Sekunden', 30],
    ['dreissig Sekunden', 30],
    ['eine halbe Stunde', 1800],
    ['anderthalb Stunden', 5400],
    ['30 Sek.', 30],
    ['Zeitlimit 300', 300],
  ];
  for (const [text, want] of cases) {
    it(text, () => expect(findBudget(text, [])?.seconds ?? null).toBe(want));
  }

  // Words of one language that must not make a budget in another (or in their own).
  const none: string[] = [
    'entrena ahora el modelo', // "ahora" is not "a hora"
    'predict amin', // nor "amin" "a min"
    'ajoute une seconde colonne', // the ordinal, not one second
    'entrena un segundo modelo',
    'des arbres de 5 mètres', // "5 m" followed by a letter
    'la réunion minute',
    'une heureuse surprise',
    '2 Stundenlohn',
    'in Minuten',
    'un dos tres',
    'drop rows beyond 3 std',
    'predict the 2 classes',
    'use data mining on 5 columns',
  ];
  for (const text of none) {
    it(`no budget in '${text}'`, () => expect(findBudget(text, [])).toBeNull());
  }

  it('reads a comma before three digits as a thousands separator, before one or two as a decimal comma', () => {
    expect(findBudget('1,500 seconds', [])?.seconds).toBe(1500);
    expect(findBudget('en 1,5 minute', [])?.seconds).toBe(90);
    expect(findBudget('in 2,25 Minuten', [])?.seconds).toBe(135);
  });

  it('a stated budget of zero or under a second is an error in every language', () => {
    for (const text of ['0 secondes', 'en 0 segundos', 'in 0 Sekunden', '0 minute']) {
      expect(() => findBudget(text, []), text).toThrow(expect.objectContaining({ code: 'BUDGET', message: expect.stringContaining('more than 0 seconds') }));
    }
    expect(() => findBudget('0,5 secondes', [])).toThrow(expect.objectContaining({ code: 'BUDGET', message: expect.stringContaining('the smallest budget is 1 second') }));
  });
});

describe('findMetric and findTaskWords: French, Spanish, German', () => {
  const metrics: [string, string | null][] = [
    ['optimiser le F1 macro', 'macro_f1'],
    ['la F-mesure', 'macro_f1'],
    ['exactitude', 'accuracy'],
    ['exactitud', 'accuracy'],
    ['Treffergenauigkeit', 'accuracy'],
    ['exactitude équilibrée', 'balanced_accuracy'],
    ['precisión balanceada', 'balanced_accuracy'],
    ['erreur absolue moyenne', 'mae'],
    ['error absoluto medio', 'mae'],
    ['mittlerer absoluter Fehler', 'mae'],
    ['erreur quadratique moyenne', 'rmse'],
    ["racine de l'erreur quadratique moyenne", 'rmse'],
    ['coeficiente de determinación', 'r2'],
    ['Bestimmtheitsmaß', 'r2'],
    ['entropie croisée', 'log_loss'],
    // accuracy or precision, depending on the writer: left alone
    ['précision', null],
    ['precisión', null],
    ['Genauigkeit', null],
  ];
  for (const [text, want] of metrics) {
    it(text, () => expect(findMetric(text, [])?.metric ?? null).toBe(want));
  }

  const tasks: [string, string][] = [
    ['une régression', 'regression'],
    ['una regresión', 'regression'],
    ['eine Regression', 'regression'],
    ['classification binaire', 'binary'],
    ['clasificación binaria', 'binary'],
    ['binäre Klassifikation', 'binary'],
    ['classification multiclasse', 'multiclass'],
    ['clasificación multiclase', 'multiclass'],
    ['clasificación', 'classification'],
    ['Klassifikation', 'classification'],
    ['classer les titres', 'classification'],
  ];
  for (const [text, want] of tasks) {
    it(text, () => expect(findTaskWords(text, [])?.task).toBe(want));
  }
});

interface Case {
  set: ColumnSet;
  q: string;
  target: string;
  task?: Plan['task_type'];
  metric?: Plan['metric'];
  budget?: number;
  excluded?: string[];
}

describe('offlinePlan: French, Spanish, German', () => {
  const cases: Case[] = [
    // French
    { set: diamonds, q: 'prédire la colonne y en 5 secondes, optimiser le F1 macro', target: 'y', budget: 5 },
    { set: titanic, q: 'prédire Survived avec Age et Sex, ignorer la colonne Cabin, exactitude, en une minute', target: 'Survived', metric: 'accuracy', budget: 60, excluded: ['Cabin'] },
    { set: churn, q: 'prédire Churn sans customerID ni gender, en 1 minute', target: 'Churn', budget: 60, excluded: ['customerID', 'gender'] },
    { set: diamonds, q: 'classer cut en trois minutes, F1 macro', target: 'cut', task: 'multiclass', metric: 'macro_f1', budget: 180 },
    { set: titanic, q: 'Fare comme cible, régression, erreur absolue moyenne', target: 'Fare', task: 'regression', metric: 'mae' },
    { set: iris, q: 'classifiez la colonne species à partir de sepal_length et sepal_width', target: 'species', task: 'multiclass' },
    { set: titanic, q: 'prévoir Embarked, une demi-heure', target: 'Embarked', budget: 1800 },
    // Spanish
    { set: diamonds, q: 'predecir la columna y en 30 segundos', target: 'y', budget: 30 },
    { set: diamonds, q: 'predecir price con carat y cut, en cinco minutos, error absoluto medio', target: 'price', metric: 'mae', budget: 300, excluded: [] },
    { set: churn, q: 'predecir Churn, ignorar gender, AUC, media hora', target: 'Churn', metric: 'roc_auc', budget: 1800, excluded: ['gender'] },
    { set: titanic, q: 'predecir Survived sin usar Cabin ni Name, en 30 segundos', target: 'Survived', budget: 30, excluded: ['Cabin', 'Name'] },
    { set: diamonds, q: 'clasificar cut, exactitud, un minuto', target: 'cut', metric: 'accuracy', budget: 60 },
    { set: people, q: 'income es el objetivo, regresión, coeficiente de determinación', target: 'income', task: 'regression', metric: 'r2' },
    // German
    { set: diamonds, q: 'die Spalte y in 5 Sekunden vorhersagen', target: 'y', budget: 5 },
    { set: diamonds, q: 'price vorhersagen, depth und table weglassen, 45 Sekunden', target: 'price', budget: 45, excluded: ['depth', 'table'] },
    { set: titanic, q: 'Survived anhand von Age und Fare vorhersagen, Cabin weglassen', target: 'Survived', excluded: ['Cabin'] },
    { set: titanic, q: 'Cabin und Name weglassen und Survived vorhersagen', target: 'Survived', excluded: ['Cabin', 'Name'] },
    // The passive: participles at the end of the clause.
    { set: titanic, q: 'Ich möchte Survived vorhersagen, wobei Cabin, Fare und Age ignoriert werden sollen', target: 'Survived', excluded: ['Age', 'Cabin', 'Fare'] },
    { set: titanic, q: 'Survived soll vorhergesagt werden; Cabin und Name sollen nicht verwendet werden', target: 'Survived', excluded: ['Cabin', 'Name'] },
    { set: titanic, q: 'Cabin bleibt unberücksichtigt, Survived vorhersagen', target: 'Survived', excluded: ['Cabin'] },
    { set: titanic, q: 'Vorhersage von Fare, eine Minute', target: 'Fare', task: 'regression', budget: 60 },
    { set: diamonds, q: 'klassifiziere cut, Treffergenauigkeit, zwei Minuten', target: 'cut', metric: 'accuracy', budget: 120 },
    { set: churn, q: 'Churn vorhersagen ohne gender, binäre Klassifikation, 90 Sekunden', target: 'Churn', task: 'binary', budget: 90, excluded: ['gender'] },
    { set: people, q: 'Ziel ist income, Bestimmtheitsmaß, zehn Minuten', target: 'income', metric: 'r2', budget: 600 },
  ];
  for (const c of cases) {
    it(c.q, () => {
      const plan = offlinePlan({ instruction: c.q, columns: c.set.columns, targetGuess: c.set.targetGuess, taskGuess: c.set.taskGuess, minorityShare: c.set.minorityShare });
      const why = JSON.stringify(plan);
      expect(plan.target, why).toBe(c.target);
      // The target comes from the cue, not from a fallback.
      expect(plan.assumptions.some((a) => /no explicit target cue|no target named/.test(a)), why).toBe(false);
      expect(plan.lang).toBe('en');
      if (c.task) expect(plan.task_type, why).toBe(c.task);
      if (c.metric) expect(plan.metric, why).toBe(c.metric);
      if (c.budget) expect(plan.budget_seconds, why).toBe(c.budget);
      if (c.excluded) expect([...plan.excluded_columns].sort(), why).toEqual([...c.excluded].sort());
    });
  }

  it('reads preferences: interpretable, fast, imbalanced, export, accuracy and importance words, and a negation before them', () => {
    const prefs = (q: string) => offlinePlan({ instruction: q, columns: titanic.columns, targetGuess: titanic.targetGuess, taskGuess: titanic.taskGuess }).preferences;
    expect(prefs('prédire Survived avec un modèle interprétable, rapidement')).toMatchObject({ interpretable: true, fast: true });
    expect(prefs('predecir Survived, modelo sencillo, exportar a ONNX')).toMatchObject({ interpretable: true, export_onnx: true, fast: false });
    expect(prefs('Survived vorhersagen, interpretierbares Modell, möglichst schnell')).toMatchObject({ interpretable: true, fast: true });
    expect(prefs('Survived vorhersagen, kein einfaches Modell, so genau wie möglich')).toMatchObject({ interpretable: false, max_accuracy: true });
    expect(prefs('prédire Survived, les classes sont déséquilibrées, avec importance des variables')).toMatchObject({ imbalanced: true, explain: true });
    expect(prefs('predecir Survived, sin exportar')).toMatchObject({ export_onnx: false });
    const plan = offlinePlan({ instruction: 'Survived vorhersagen, erklärbares Modell', columns: titanic.columns, targetGuess: titanic.targetGuess, taskGuess: titanic.taskGuess });
    expect(plan.assumptions.join(' ')).toContain('interpretable model requested');
  });

  it('asks for a missing column named after a French or Spanish verb, as for English', () => {
    for (const q of ['prédire churned en 5 secondes', 'predecir la columna churned']) {
      expect(() => offlinePlan({ instruction: q, columns: titanic.columns, targetGuess: 'Survived', taskGuess: 'binary' }), q).toThrow(
        expect.objectContaining({ code: 'COLUMN_NOT_FOUND', message: expect.stringContaining("'churned'") }),
      );
    }
  });

  // Words of these languages that are also English words must not act as cues in English.
  const english: Case[] = [
    { set: titanic, q: 'train a classifier on Age and Sex to predict Survived', target: 'Survived', excluded: [] },
    { set: titanic, q: 'predict Survived; quite a lot of Age values are missing', target: 'Survived', excluded: [] },
  ];
  for (const c of english) {
    it(`English stays English: ${c.q}`, () => {
      const plan = offlinePlan({ instruction: c.q, columns: c.set.columns, targetGuess: c.set.targetGuess, taskGuess: c.set.taskGuess, minorityShare: c.set.minorityShare });
      expect(plan.target).toBe(c.target);
      if (c.excluded) expect(plan.excluded_columns).toEqual(c.excluded);
      if (c.budget) expect(plan.budget_seconds).toBe(c.budget);
    });
  }
});

// Re-audit F4: exclusions written as gerunds, "except" words and German circumlocutions.
describe('offlinePlan: French, Spanish and German exclusions as gerunds and "except"', () => {
  const cases: Case[] = [
    // French
    { set: churn, q: 'prédire Churn en ignorant la colonne gender, en une minute, F1 macro', target: 'Churn', metric: 'macro_f1', budget: 60, excluded: ['gender'] },
    { set: churn, q: 'prédire Churn en excluant customerID et MonthlyCharges, en 45 secondes', target: 'Churn', budget: 45, excluded: ['customerID', 'MonthlyCharges'] },
    { set: churn, q: 'prédire Churn en excluant les colonnes tenure et gender', target: 'Churn', excluded: ['tenure', 'gender'] },
    { set: churn, q: 'prédire Churn en écartant tenure', target: 'Churn', excluded: ['tenure'] },
    { set: churn, q: 'prédire Churn en omettant gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: "prédire Churn en n'utilisant pas gender", target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'prédire Churn sans tenir compte de la colonne gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'prédire Churn avec toutes les colonnes sauf gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: "prédire Churn, à l'exception de Contract", target: 'Churn', excluded: ['Contract'] },
    { set: titanic, q: 'prédire Survived en ignorant Cabin et Name', target: 'Survived', excluded: ['Cabin', 'Name'] },
    // Spanish
    { set: churn, q: 'predecir Churn excluyendo gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'predecir Churn ignorando gender y tenure, en 30 segundos', target: 'Churn', budget: 30, excluded: ['gender', 'tenure'] },
    { set: churn, q: 'predecir Churn omitiendo la columna Contract', target: 'Churn', excluded: ['Contract'] },
    { set: churn, q: 'predecir Churn descartando gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'predecir Churn sin contar gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'predecir Churn sin tener en cuenta gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'predecir Churn con todas las columnas excepto gender', target: 'Churn', excluded: ['gender'] },
    // German
    { set: churn, q: 'Churn vorhersagen ohne gender zu verwenden', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'Churn vorhersagen unter Ausschluss von gender', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'Churn vorhersagen, ausgenommen gender und tenure', target: 'Churn', excluded: ['gender', 'tenure'] },
    { set: churn, q: 'Churn vorhersagen, gender ausgenommen', target: 'Churn', excluded: ['gender'] },
    { set: churn, q: 'Churn vorhersagen mit Ausnahme von Contract', target: 'Churn', excluded: ['Contract'] },
    { set: churn, q: 'Churn vorhersagen, gender nicht berücksichtigen', target: 'Churn', excluded: ['gender'] },
    // "ausgenommen" at the end of a clause points back; before a column it is a before-cue only
    { set: churn, q: 'tenure und Contract verwenden, ausgenommen gender. Churn vorhersagen', target: 'Churn', excluded: ['gender'] },
  ];
  for (const c of cases) {
    it(c.q, () => {
      const plan = offlinePlan({ instruction: c.q, columns: c.set.columns, targetGuess: c.set.targetGuess, taskGuess: c.set.taskGuess, minorityShare: c.set.minorityShare });
      const why = JSON.stringify(plan);
      expect(plan.target, why).toBe(c.target);
      if (c.metric) expect(plan.metric, why).toBe(c.metric);
      if (c.budget) expect(plan.budget_seconds, why).toBe(c.budget);
      expect([...plan.excluded_columns].sort(), why).toEqual([...(c.excluded ?? [])].sort());
    });
  }

  // Words that look like the new cues but do not exclude: [set, instruction, columns that must stay in].
  const keep: [ColumnSet, string, string[]][] = [
    [churn, 'prédire Churn en utilisant gender', ['gender']],
    [churn, 'prédire Churn en incluant gender et tenure', ['gender', 'tenure']],
    [churn, 'predecir Churn incluyendo gender', ['gender']],
    [churn, 'predecir Churn usando gender y tenure', ['gender', 'tenure']],
    [churn, 'Churn vorhersagen, ausschließlich gender und tenure', ['gender', 'tenure']], // "ausschließlich" means "only"
    [churn, 'Churn vorhersagen mit gender und tenure', ['gender', 'tenure']],
    [churn, 'predict Churn; users ignorant of the Contract terms churn more', ['Contract']], // English "ignorant" is no cue
    [churn, 'predict Churn using tenure and gender, en route to a report', ['tenure', 'gender']],
  ];
  for (const [set, q, stay] of keep) {
    it(`no exclusion: ${q}`, () => {
      const plan = offlinePlan({ instruction: q, columns: set.columns, targetGuess: set.targetGuess, taskGuess: set.taskGuess, minorityShare: set.minorityShare });
      for (const c of stay) expect(plan.excluded_columns, JSON.stringify(plan)).not.toContain(c);
    });
  }
});

// Re-audit F11: a fractional budget in the instruction keeps one decimal, and an ambiguous "1.500" says how it was read.
describe('offlinePlan: fractional budgets', () => {
  const plan = (q: string, budget?: { seconds: number; source: string }) =>
    offlinePlan({ instruction: q, columns: churn.columns, targetGuess: churn.targetGuess, taskGuess: churn.taskGuess, minorityShare: churn.minorityShare, budget });
  it('in 1.5 seconds is 1.5 s, with no rounding note', () => {
    const p = plan('predict Churn in 1.5 seconds');
    expect(p.budget_seconds).toBe(1.5);
    expect(p.assumptions.join('\n')).not.toMatch(/round|decimal/);
  });
  it('in 1.25 seconds is 1.3 s and says so', () => {
    const p = plan('predict Churn in 1.25 seconds');
    expect(p.budget_seconds).toBe(1.3);
    expect(p.assumptions).toContain("'1.25 seconds' is 1.25 s; rounded to 1.3 s (budgets keep one decimal).");
  });
  it('in 1.500 seconds is 1.5 s (a decimal point, as in 1.5), and the assumption says how to write 1500', () => {
    const p = plan('predecir Churn en 1.500 segundos');
    expect(p.budget_seconds).toBe(1.5);
    expect(p.assumptions).toContain("read '1.500 segundos' as 1.5 s (the dot as a decimal point); write 1,500 or 1500 for a thousands number.");
    expect(plan('predict Churn in 1,500 seconds').budget_seconds).toBe(1500);
  });
  it('--budget still wins over a fractional budget, naming it', () => {
    const p = plan('predict Churn in 1.5 seconds', { seconds: 2, source: '--budget' });
    expect(p.budget_seconds).toBe(2);
    expect(p.assumptions).toContain("--budget 2s overrides the instruction's '1.5 seconds' (1.5s).");
  });
});
