export { encodeCheckpoint, type CheckpointInput } from './encode.js';
export { decodeCheckpoint, type DecodedCheckpoint, type StoredTensor } from './decode.js';
export { restoreModel, loadWeights, restoreTrainer, restoreTrainerState, restoreTokenizer } from './restore.js';
export { CHECKPOINT_FORMAT, CHECKPOINT_MAGIC, CHECKPOINT_VERSION, type CheckpointHeader, type TensorEntry } from './format.js';
