export * from './schema';
export * from './errors';
export { validateConfig, type ValidatedConfig, type SubnetPlanEntry } from './validate';
export { loadConfig, serializeConfig, configPath } from './io';
export { azNamesOf, defaultAzs, KNOWN_REGIONS } from './regions';
