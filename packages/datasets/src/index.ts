/**
 * `@fpml/datasets`: real, openly licensed datasets bundled with fpml, and typed loaders for
 * them and for your own CSV files. Everything is read from the package's `data/` folder,
 * synchronously; nothing is ever downloaded.
 *
 * @see ../../../docs/datasets.md
 */
export type { TabularDataset, ClassificationDataset, RegressionDataset } from './types.js';
export { loadIris, loadWine, loadBreastCancer, loadDigits, loadDiabetes } from './tabular/sklearn.js';
export { loadGermanCredit, GERMAN_CREDIT_LEVELS, type GermanCredit, type GermanCreditOptions } from './tabular/german-credit.js';
export { loadFashionMnist, FASHION_MNIST_CLASSES, type FashionMnist, type FashionMnistRaw, type FashionMnistOptions } from './images/fashion-mnist.js';
export { parseIdx, type IdxArray } from './images/idx.js';
export { loadMobyDick, charCorpus, type CharCorpus } from './text/moby-dick.js';
export { loadKarateClub, type NodeClassificationGraph } from './graphs/karate-club.js';
export { loadAirPassengers, loadCo2MaunaLoa, type TimeSeries, type Co2Series, type Co2Options } from './timeseries/timeseries.js';
export { loadLalonde, type LalondeSample, type CausalDataset, type LalondePsid } from './causal/lalonde.js';
export { loadCsv, type LoadCsvOptions, type CsvDataset } from './csv/load-csv.js';
export { readCsvFrame } from './csv/frame.js';
export type { TableOptions } from './csv/table.js';
export { parseDelimited, parseNumber, type DelimitedRecords } from './csv/parse.js';
export { listDatasets, loadDataset, type DatasetInfo, type DatasetKind, type DatasetMap, type DatasetName } from './registry.js';
export { DATA_DIR, dataPath } from './files.js';
export * from './synthetic/index.js';
