/** What hardening means and does: the options, the kinds that carry pod specs, pod-spec hardening, the token volume, findings and the §2.5 check. */
export type {
  ApiAccess,
  ApiAccessDefault,
  HardenOptions,
  OptionGroup,
  OptionInput,
  OptionKind,
  OptionName,
  OptionProblem,
  OptionRow,
  WorkloadChoice,
} from './options';
export type { HardenEvidence } from './workload-access';
export {
  DEFAULT_MOUNT_PATH,
  DEFAULT_OPTIONS,
  MAX_EXPIRATION_SECONDS,
  MAX_WORKLOAD_CHOICES,
  MIN_EXPIRATION_SECONDS,
  OPTION_GROUPS,
  OPTION_TABLE,
  decimalModeHint,
  formatFileMode,
  optionRow,
  parseFileMode,
  resolveOptions,
  validateOption,
} from './options';
export { harden } from './harden';
export type { HardenRun } from './harden';
export { HardenCache } from './harden-cache';
export type { CheckContext, CheckProblem, CheckProblemCode } from './check';
export { API_DEFAULT_EXPIRATION_SECONDS, API_DEFAULT_MODE, checkPodSpec, checkServiceAccount, mayHoldToken } from './check';
export type { ConfigProblem, ConfigProblemCode, ConfigRead } from './hardening-config';
export {
  HARDENING_CONFIG_API_VERSION,
  HARDENING_CONFIG_KIND,
  mergeOptionInput,
  readConfigNode,
  readHardeningConfig,
} from './hardening-config';
