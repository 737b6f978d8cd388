/**
 * The catalogue of bundled datasets: `listDatasets()` describes them without loading anything,
 * `loadDataset(name)` loads one by name (what the lab and experiment configs use).
 *
 * @see ../../../docs/datasets.md
 */
import { NotFoundError } from '@fpml/core';
import { loadLalonde, type CausalDataset, type LalondePsid } from './causal/lalonde.js';
import { loadKarateClub, type NodeClassificationGraph } from './graphs/karate-club.js';
import { loadFashionMnist, type FashionMnist } from './images/fashion-mnist.js';
import { loadGermanCredit, type GermanCredit } from './tabular/german-credit.js';
import { loadBreastCancer, loadDiabetes, loadDigits, loadIris, loadWine } from './tabular/sklearn.js';
import { loadMobyDick, type CharCorpus } from './text/moby-dick.js';
import { loadAirPassengers, loadCo2MaunaLoa, type Co2Series, type TimeSeries } from './timeseries/timeseries.js';
import type { ClassificationDataset, RegressionDataset } from './types.js';

/** What a dataset is for, which fixes the shape of what its loader returns. */
export type DatasetKind = 'classification' | 'regression' | 'image-classification' | 'text' | 'graph' | 'time-series' | 'causal';

/** One catalogue entry. */
export interface DatasetInfo {
  /** Name for {@link loadDataset}. */
  name: DatasetName;
  /** What the data are. */
  title: string;
  kind: DatasetKind;
  /** Samples × features (tabular, images flattened), [nodes, edges] (graph), [length] (series, text in characters). */
  shape: number[];
  /** License and attribution, short form (full text in NOTICE.md). */
  license: string;
  /** The typed loader that `loadDataset(name)` calls. */
  loader: string;
}

/** What `loadDataset(name)` returns, by name. */
export interface DatasetMap {
  iris: ClassificationDataset;
  wine: ClassificationDataset;
  'breast-cancer': ClassificationDataset;
  digits: ClassificationDataset;
  diabetes: RegressionDataset;
  'german-credit': GermanCredit;
  'fashion-mnist': FashionMnist;
  'moby-dick': CharCorpus;
  'karate-club': NodeClassificationGraph;
  'air-passengers': TimeSeries;
  'co2-mauna-loa': Co2Series;
  'lalonde-nsw': CausalDataset;
  'lalonde-psid': LalondePsid;
}

/** Names of the bundled datasets. */
export type DatasetName = keyof DatasetMap;

const CC_BY_UCI = 'CC BY 4.0, UCI Machine Learning Repository';

const CATALOGUE: readonly (DatasetInfo & { load: () => DatasetMap[DatasetName] })[] = [
  { name: 'iris', title: "Fisher's iris", kind: 'classification', shape: [150, 4], license: `${CC_BY_UCI} (R. A. Fisher)`, loader: 'loadIris', load: loadIris },
  { name: 'wine', title: 'Wine recognition', kind: 'classification', shape: [178, 13], license: `${CC_BY_UCI} (Forina et al.)`, loader: 'loadWine', load: loadWine },
  { name: 'breast-cancer', title: 'Breast Cancer Wisconsin (Diagnostic)', kind: 'classification', shape: [569, 30], license: `${CC_BY_UCI} (Wolberg, Street, Mangasarian)`, loader: 'loadBreastCancer', load: loadBreastCancer },
  { name: 'digits', title: 'Handwritten digits 8x8', kind: 'classification', shape: [1797, 64], license: `${CC_BY_UCI} (Alpaydin, Kaynak)`, loader: 'loadDigits', load: loadDigits },
  { name: 'diabetes', title: 'Diabetes (raw, unscaled)', kind: 'regression', shape: [442, 10], license: 'Efron, Hastie, Johnstone, Tibshirani (2004), Least Angle Regression', loader: 'loadDiabetes', load: loadDiabetes },
  { name: 'german-credit', title: 'Statlog German credit', kind: 'classification', shape: [1000, 61], license: `${CC_BY_UCI} (H. Hofmann)`, loader: 'loadGermanCredit', load: () => loadGermanCredit() },
  { name: 'fashion-mnist', title: 'Fashion-MNIST test split', kind: 'image-classification', shape: [10000, 784], license: 'MIT, (c) 2017 Zalando SE', loader: 'loadFashionMnist', load: () => loadFashionMnist() },
  { name: 'moby-dick', title: 'Moby-Dick (Melville)', kind: 'text', shape: [1190317], license: 'public domain', loader: 'loadMobyDick', load: loadMobyDick },
  { name: 'karate-club', title: "Zachary's karate club", kind: 'graph', shape: [34, 78], license: 'W. Zachary (1977), J. Anthropological Research 33:452-473', loader: 'loadKarateClub', load: loadKarateClub },
  { name: 'air-passengers', title: 'Airline passengers 1949-1960', kind: 'time-series', shape: [144], license: 'Box and Jenkins (1976)', loader: 'loadAirPassengers', load: loadAirPassengers },
  { name: 'co2-mauna-loa', title: 'Mauna Loa CO2, monthly 1958-2020', kind: 'time-series', shape: [741], license: 'CC BY 4.0, Scripps CO2 Program', loader: 'loadCo2MaunaLoa', load: () => loadCo2MaunaLoa() },
  { name: 'lalonde-nsw', title: 'LaLonde NSW experiment (Dehejia-Wahba)', kind: 'causal', shape: [445, 10], license: 'LaLonde (1986); Dehejia and Wahba (1999); R package Matching', loader: "loadLalonde('nsw')", load: () => loadLalonde('nsw') },
  { name: 'lalonde-psid', title: 'LaLonde NSW treated + PSID controls', kind: 'causal', shape: [614, 8], license: 'LaLonde (1986); Dehejia and Wahba (1999); R package MatchIt', loader: "loadLalonde('psid')", load: () => loadLalonde('psid') },
];

/** Describe every bundled dataset (nothing is loaded). */
export function listDatasets(): DatasetInfo[] {
  return CATALOGUE.map(({ load: _load, shape, ...info }) => ({ ...info, shape: [...shape] }));
}

/**
 * Load a bundled dataset by name, with each loader's default options.
 * @throws NotFoundError listing the available names for an unknown name.
 * @see ../../../docs/datasets.md
 */
export function loadDataset<K extends DatasetName>(name: K): DatasetMap[K];
export function loadDataset(name: string): DatasetMap[DatasetName];
export function loadDataset(name: string): DatasetMap[DatasetName] {
  const entry = CATALOGUE.find((e) => e.name === name);
  if (!entry) throw new NotFoundError('dataset', String(name), CATALOGUE.map((e) => e.name));
  return entry.load();
}
