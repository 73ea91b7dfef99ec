// The lightbulb monitoring schema of this repository's app, for apps that deploy the same schema:
// `import { MonitoringSchema } from '<this package>/lightbulb'`.
export * from './monitoring-schema';
export * from './seed-schema';
