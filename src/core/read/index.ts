/** Reading input as kubectl reads it: parsing (the fast reader and the full parser), plain values with merge keys in kubectl's order, and the errors that refuse an input. */
export { isRecord } from './yaml-read';
export { KUBERNETES_YAML_OPTIONS, parseManifest, plainDocuments } from './parse';
export { MAX_INPUT_BYTES } from './input-errors';
export { DocumentCache } from './fast-parse';
