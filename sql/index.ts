// What a library user imports: the pure API (spec, render, diff, codegen, report: plain functions
// over plain data, no I/O) and the live API (sql/live: everything that connects or queries).
// docs/architecture.md shows the layers and what each may import.

// ---- pure: the model, its rules, quoting, secrets --------------------------------------
export * from './spec/model';
export * from './spec/changes';
export * from './spec/errors';
export * from './spec/identifiers';
export * from './spec/validate-spec';
export * from './spec/hosts';
export * from './spec/privileges';
export { combineAlters } from './spec/alter-batch';
export { hasSecretPlaceholder, passwordFromEnv, passwordPlaceholder, redact, resolveSecrets, sha256Identification, sha256Placeholder } from './spec/secrets';
export * from './spec/dictionary-refs';

// ---- pure: desired spec -> idempotent DDL ----------------------------------------------
export * from './render/tables';
export * from './render/access';
export * from './render/drop';
export * from './render/dictionaries';
export * from './render/revisions-ddl';

// ---- pure: desired vs live -> changes --------------------------------------------------
export { diff, diffObject } from './diff';
export type { SchemaDiffOptions } from './diff';
export { diffDatabase, diffPlainView, diffTable, diffView, extraObject } from './diff/tables';
export { diffDictionary, extraDictionary } from './diff/dictionaries';
export { classifyConversion, CONVERSION_RULES, parseType } from './diff/conversions';
export type { Conversion, TypeName } from './diff/conversions';
export { diffAccessObject, normalizeSettingValue } from './diff/access';
export type { AccessDiffOptions } from './diff/access';
export { diffReplicas } from './diff/replicas';
export { accessBlockReason } from './diff/access-storage';
export type { AccessStorageInfo } from './diff/access-storage';

// ---- pure: live specs -> construct code; changes -> drift report ------------------------
export { defaultPasswordEnv, generateStackCode } from './codegen';
export type { CodegenOptions, GeneratedCode } from './codegen';
export * from './report/report';
export { planObject } from './report/plan';
export type { ObjectPlan, ObjectState } from './report/plan';
export { describeReasons, planSql, blockedText } from './report/plan';

// ---- live: connections, introspection, canonical forms, the drift check ----------------
export * from './live/client';
export * from './live/connection';
export * from './live/error-codes';
export * from './live/introspect-tables';
export { dictionaryFromCreateQuery } from './live/introspect-dictionaries';
export * from './live/introspect-access';
export * from './live/canonicalize';
export * from './live/drift-check';
export * from './live/revisions';
export * from './live/on-cluster';
export * from './live/login-probe';
