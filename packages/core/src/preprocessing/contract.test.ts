/**
 * The estimator contract suite (sklearn's check_estimator, ported) over every preprocessing
 * transformer and over a Pipeline.
 */
import { checkEstimator } from '../testing/check-estimator.js';
import { DummyClassifier } from '../estimator/dummy-classifier.js';
import { MinMaxScaler } from './min-max-scaler.js';
import { OneHotEncoder } from './one-hot-encoder.js';
import { Pipeline } from './pipeline.js';
import { StandardScaler } from './standard-scaler.js';

checkEstimator('StandardScaler', () => new StandardScaler());
checkEstimator('StandardScaler(withMean=false)', () => new StandardScaler({ withMean: false }));
checkEstimator('MinMaxScaler', () => new MinMaxScaler({ featureRange: [-1, 1] }));
// One-hot on small integer codes (the fixed dataset's columns rounded), unknown categories ignored.
checkEstimator('OneHotEncoder', () => new OneHotEncoder({ handleUnknown: 'ignore' }), {
  kind: 'transformer',
  skip: [{ check: 'rejects-wrong-type-x', reason: 'OneHotEncoder encodes string categories by design, so rows of strings are valid input' }],
  data: { X: [[0, 1], [1, 0], [2, 1], [0, 0], [1, 1], [2, 0], [0, 1], [1, 0]] },
});
checkEstimator('Pipeline(StandardScaler, DummyClassifier)', () => new Pipeline({ steps: [['scale', new StandardScaler()], ['clf', new DummyClassifier({ strategy: 'most_frequent' })]] }), { kind: 'classifier' });
