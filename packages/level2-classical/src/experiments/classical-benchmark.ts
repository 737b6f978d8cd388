/**
 * Experiment `classical-benchmark` (level 2): every classifier of the package on iris, wine,
 * breast cancer and digits, by 5-fold cross-validation, side by side with scikit-learn 1.2 on
 * **the same folds** and the same hyper-parameters.
 *
 * The folds are scikit-learn's `StratifiedKFold(5, shuffle=True, random_state=0)`, frozen with the
 * reference accuracies by `scripts/oracles/freeze_classical_benchmark.py` (numpy's shuffle cannot
 * be replayed by core's Rng, so the indices are shipped instead). Models that scale their inputs
 * do it inside the fold (a `Pipeline` with `StandardScaler`), as the reference does.
 *
 * Deterministic models (logistic regression, SVC, k-NN, naive Bayes) should agree fold by fold;
 * randomised ones (forests, boosting with subsampling, SGD) draw from a different random stream,
 * so only their means are expected to be close.
 *
 * @see ../../../../docs/level2-classical/classical-benchmark.md
 */
import { InvalidParamError, Pipeline, StandardScaler, barWithErrors, defineExperiment, heatmap, type Classifier, type Matrix } from '@fpml/core';
import { loadBreastCancer, loadDigits, loadIris, loadWine } from '@fpml/datasets';
import { AdaBoostClassifier, GradientBoostingClassifier, HistGradientBoostingClassifier, RandomForestClassifier } from '../ensemble/index.js';
import { LogisticRegression, SGDClassifier } from '../linear/index.js';
import { GaussianNB, MultinomialNB } from '../naive-bayes/index.js';
import { KNeighborsClassifier } from '../neighbors/index.js';
import { SVC } from '../svm/index.js';
import { DecisionTreeClassifier } from '../tree/index.js';
import reference from './__fixtures__/classical_benchmark_sklearn.json' with { type: 'json' };
import { accuracyOf, take } from './plot-grid.js';

type SkParams = Record<string, number | string | boolean>;
type Factory = (p: SkParams, seed: number) => Classifier;

/** fpml's estimator for each reference model, built from scikit-learn's params (snake_case → camelCase). */
const MODELS: Record<string, Factory> = {
  LogisticRegression: (p) => new LogisticRegression({ C: Number(p.C), maxIter: Number(p.max_iter) }),
  SGDClassifier: (p, seed) => new SGDClassifier({ loss: 'hinge', alpha: Number(p.alpha), maxIter: Number(p.max_iter), tol: Number(p.tol), seed }),
  DecisionTreeClassifier: (_p, seed) => new DecisionTreeClassifier({ seed }),
  RandomForestClassifier: (p, seed) => new RandomForestClassifier({ nEstimators: Number(p.n_estimators), seed }),
  GradientBoostingClassifier: (p, seed) => new GradientBoostingClassifier({ nEstimators: Number(p.n_estimators), maxDepth: Number(p.max_depth), learningRate: Number(p.learning_rate), seed }),
  HistGradientBoostingClassifier: (p, seed) => new HistGradientBoostingClassifier({ maxIter: Number(p.max_iter), earlyStopping: false, seed }),
  AdaBoostClassifier: (p, seed) => new AdaBoostClassifier({ nEstimators: Number(p.n_estimators), learningRate: Number(p.learning_rate), algorithm: p.algorithm === 'SAMME' ? 'SAMME' : 'SAMME.R', seed }),
  SVC: (p) => new SVC({ C: Number(p.C), kernel: 'rbf', gamma: 'scale' }),
  KNeighborsClassifier: (p) => new KNeighborsClassifier({ nNeighbors: Number(p.n_neighbors) }),
  GaussianNB: () => new GaussianNB(),
  MultinomialNB: (p) => new MultinomialNB({ alpha: Number(p.alpha) }),
};
const DETERMINISTIC = ['LogisticRegression', 'SVC', 'KNeighborsClassifier', 'GaussianNB', 'MultinomialNB'];
const LOADERS: Record<string, () => { X: Matrix; y: Int32Array | ArrayLike<number> }> = { iris: loadIris, wine: loadWine, breastCancer: loadBreastCancer, digits: loadDigits };

interface RefCell { foldAccuracy: number[]; mean: number; std: number; seconds: number }
type RefConfig = Record<string, Record<string, RefCell | SkParams | boolean>>;

const meanStd = (v: number[]) => {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean: m, std: Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1)) };
};
const pct = (v: number) => (100 * v).toFixed(1);

export default defineExperiment({
  name: 'classical-benchmark',
  level: 2,
  objective: 'Do fpml\'s from-scratch classifiers match scikit-learn\'s cross-validated accuracy on the same folds of four real datasets, and at what speed?',
  params: { models: 'all', datasets: 'iris,wine,breastCancer,digits' },
  quick: {},
  paramDocs: {
    models: "'all' or a comma-separated list of model names (e.g. SVC,GaussianNB)",
    datasets: 'comma-separated subset of iris, wine, breastCancer, digits',
  },
  run(ctx) {
    const config = ctx.quick ? 'quick' : 'full';
    const ref = (reference.configs as Record<string, RefConfig>)[config]!;
    const models = ctx.params.models === 'all' ? Object.keys(MODELS) : ctx.params.models.split(',');
    const datasets = ctx.params.datasets.split(',');
    for (const m of models) if (!(m in MODELS)) throw new InvalidParamError('classical-benchmark', 'models', m, `'all' or names from ${Object.keys(MODELS).join(', ')}`);
    for (const d of datasets) if (!(d in LOADERS)) throw new InvalidParamError('classical-benchmark', 'datasets', d, `names from ${Object.keys(LOADERS).join(', ')}`);
    ctx.setup('model', `${models.length} classifiers with scikit-learn's hyper-parameters (${config} configuration of the frozen reference: ${config === 'quick' ? '20-tree forests and 20-stage boosting' : '100-tree forests, 100-stage boosting'}); LogisticRegression, SGDClassifier, SVC and k-NN standardise inside each fold.`);
    ctx.setup('data', `${datasets.join(', ')} (bundled copies of scikit-learn's datasets); ${reference.folds}, fold indices frozen with the reference (scikit-learn ${reference.versions.sklearn}).`);
    ctx.progress.start(models.length * datasets.length * 5, 'classical-benchmark');

    const header = ['model', ...datasets.flatMap((d) => [`${d} fpml`, `${d} sklearn`]), 'fpml s', 'sklearn s'];
    const tableRows: string[][] = [];
    const diffs: number[][] = [];
    const bars: { group: string; mean: number; std: number; series: string }[] = [];
    let worstDeterministic = 0, worstSvcForest = 0;
    for (const name of models) {
      const cells: string[] = [], row: number[] = [];
      let ourSeconds = 0, refSeconds = 0;
      const refModel = ref[name]!;
      const params = refModel.params as SkParams;
      for (const ds of datasets) {
        const { X, y: y0 } = LOADERS[ds]!();
        const y = Int32Array.from(y0 as ArrayLike<number>);
        const folds = (reference.datasets as Record<string, { testFolds: number[][] }>)[ds]!.testFolds;
        const accs: number[] = [];
        folds.forEach((testIdx, k) => {
          const inTest = new Uint8Array(X.rows);
          for (const i of testIdx) inTest[i] = 1;
          const trainIdx = Array.from({ length: X.rows }, (_, i) => i).filter((i) => !inTest[i]);
          const tr = take(X, y, trainIdx), te = take(X, y, testIdx);
          const est = MODELS[name]!(params, ctx.rng.int(2 ** 31 - 1));
          const model = refModel.standardized ? new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', est]] }) : est;
          const t0 = performance.now();
          model.fit(tr.X, tr.y);
          const acc = accuracyOf(te.y, model.predict(te.X) as ArrayLike<number>);
          ourSeconds += (performance.now() - t0) / 1000;
          accs.push(acc);
          ctx.log({ model: name, dataset: ds, fold: k, accuracy: acc, sklearnAccuracy: (refModel[ds] as RefCell).foldAccuracy[k]! });
          ctx.progress.tick(1, { model: name, dataset: ds });
        });
        const ours = meanStd(accs), theirs = refModel[ds] as RefCell;
        refSeconds += theirs.seconds;
        const diff = ours.mean - theirs.mean;
        row.push(100 * diff);
        ctx.metric(`${name}_${ds}_accuracy`, ours.mean);
        ctx.metric(`${name}_${ds}_diffVsSklearn`, diff);
        if (DETERMINISTIC.includes(name)) worstDeterministic = Math.max(worstDeterministic, Math.abs(diff));
        if (name === 'SVC' || name === 'RandomForestClassifier') worstSvcForest = Math.max(worstSvcForest, Math.abs(diff));
        cells.push(`${pct(ours.mean)} ± ${pct(ours.std)}`, `${pct(theirs.mean)} ± ${pct(theirs.std)}`);
        bars.push({ group: `${name} / ${ds}`, mean: ours.mean, std: ours.std, series: 'fpml' }, { group: `${name} / ${ds}`, mean: theirs.mean, std: theirs.std, series: 'scikit-learn' });
      }
      ctx.metric(`${name}_secondsRatio`, ourSeconds / refSeconds);
      tableRows.push([name, ...cells, ourSeconds.toFixed(2), refSeconds.toFixed(2)]);
      diffs.push(row);
    }
    ctx.progress.stop();
    ctx.metric('maxAbsDiffDeterministic', worstDeterministic);
    ctx.metric('maxAbsDiffSvcForest', worstSvcForest);
    ctx.table('accuracy', '5-fold accuracy (mean ± std over folds, %), fpml beside scikit-learn on the same frozen folds; the last two columns are the total fit + predict seconds over all folds and datasets (scikit-learn single-threaded, timed when the reference was frozen, on the same machine kind)', header, tableRows);
    ctx.observe(`Largest |fpml − scikit-learn| of the mean accuracy: deterministic models ${pct(worstDeterministic)} points; SVC and random forest ${pct(worstSvcForest)} points.`);
    ctx.plot('accuracy-diff', heatmap({ title: 'Mean 5-fold accuracy, fpml − scikit-learn (points)', values: diffs, xLabels: datasets, yLabels: models, xTitle: 'dataset', yTitle: 'model', colorTitle: 'Δ accuracy (pts)', annotate: true }),
      'Difference of the mean 5-fold accuracy (percentage points) on identical folds. Deterministic models should read 0; randomised ones differ by their random streams.');
    for (const ds of datasets) {
      ctx.plot(`accuracy-${ds}`, barWithErrors({ title: `${ds}: 5-fold accuracy, fpml vs scikit-learn`, data: bars.filter((b) => b.group.endsWith(`/ ${ds}`)).map((b) => ({ ...b, group: b.group.split(' / ')[0]! })), xLabel: 'model', yLabel: 'accuracy (mean ± std over folds)' }),
        `Mean ± std over the 5 frozen folds of ${ds}, each model beside scikit-learn's on the same folds.`);
    }
  },
  expect: (m) => ({
    pass: m.maxAbsDiffDeterministic! <= 0.005 && m.maxAbsDiffSvcForest! <= 0.02,
    criterion: 'deterministic models (logistic regression, SVC, k-NN, naive Bayes) within 0.5 points of scikit-learn\'s mean accuracy on the same folds, and SVC and random forests within 2 points',
    detail: `deterministic ${pct(m.maxAbsDiffDeterministic!)} points, SVC/forest ${pct(m.maxAbsDiffSvcForest!)} points`,
  }),
});
