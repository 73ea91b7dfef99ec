// TypeScript shapes of the tfplugin6 messages this provider uses (field names as in the .proto,
// proto-loader keepCase). Only what we read or write is typed; the .proto is the reference.
import type { DynamicValue } from './dynamic-value';

export const Severity = { INVALID: 0, ERROR: 1, WARNING: 2 } as const;
export const StringKind = { PLAIN: 0, MARKDOWN: 1 } as const;
export const ObjectNesting = { INVALID: 0, SINGLE: 1, LIST: 2, SET: 3, MAP: 4 } as const;

export interface AttributePathStep {
  readonly attribute_name?: string;
  readonly element_key_string?: string;
  readonly element_key_int?: number;
}
export interface AttributePath {
  readonly steps: readonly AttributePathStep[];
}

export interface Diagnostic {
  readonly severity: number;
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: AttributePath;
}

export interface SchemaAttribute {
  readonly name: string;
  /** JSON of a cty type constraint ('"string"', '["list","string"]'); empty when nested_type is set. */
  readonly type?: Uint8Array;
  readonly nested_type?: { readonly attributes: readonly SchemaAttribute[]; readonly nesting: number };
  readonly description?: string;
  readonly description_kind?: number;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly write_only?: boolean;
}

export interface SchemaBlock {
  readonly version: number;
  readonly attributes: readonly SchemaAttribute[];
  readonly block_types: readonly unknown[];
  readonly description?: string;
  readonly description_kind?: number;
}

export interface Schema {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface ServerCapabilities {
  readonly plan_destroy?: boolean;
  readonly get_provider_schema_optional?: boolean;
  readonly move_resource_state?: boolean;
}

export interface ClientCapabilities {
  readonly deferral_allowed?: boolean;
  readonly write_only_attributes_allowed?: boolean;
}

export interface GetProviderSchemaResponse {
  readonly provider: Schema;
  readonly resource_schemas: Record<string, Schema>;
  readonly data_source_schemas: Record<string, Schema>;
  readonly diagnostics: Diagnostic[];
  readonly server_capabilities: ServerCapabilities;
}

export interface ConfigureProviderRequest {
  readonly terraform_version: string;
  readonly config: DynamicValue;
  readonly client_capabilities?: ClientCapabilities;
}

export interface ValidateResourceConfigRequest {
  readonly type_name: string;
  readonly config: DynamicValue;
}

export interface UpgradeResourceStateRequest {
  readonly type_name: string;
  readonly version: number;
  readonly raw_state: { readonly json?: Uint8Array; readonly flatmap?: Record<string, string> };
}

export interface ReadResourceRequest {
  readonly type_name: string;
  readonly current_state: DynamicValue;
  readonly private: Uint8Array;
  readonly client_capabilities?: ClientCapabilities;
}

export interface PlanResourceChangeRequest {
  readonly type_name: string;
  readonly prior_state: DynamicValue;
  readonly proposed_new_state: DynamicValue;
  readonly config: DynamicValue;
  readonly prior_private: Uint8Array;
  readonly client_capabilities?: ClientCapabilities;
}

export interface ApplyResourceChangeRequest {
  readonly type_name: string;
  readonly prior_state: DynamicValue;
  readonly planned_state: DynamicValue;
  readonly config: DynamicValue;
  readonly planned_private: Uint8Array;
}

export interface ImportResourceStateRequest {
  readonly type_name: string;
  readonly id: string;
  readonly client_capabilities?: ClientCapabilities;
}

/** What the provider implements; the server turns thrown errors into error diagnostics. */
export interface ProviderHandlers {
  getProviderSchema(): GetProviderSchemaResponse;
  validateProviderConfig(config: DynamicValue): Promise<{ diagnostics: Diagnostic[] }>;
  validateResourceConfig(req: ValidateResourceConfigRequest): Promise<{ diagnostics: Diagnostic[] }>;
  upgradeResourceState(req: UpgradeResourceStateRequest): Promise<{ upgraded_state?: DynamicValue; diagnostics: Diagnostic[] }>;
  configureProvider(req: ConfigureProviderRequest): Promise<{ diagnostics: Diagnostic[] }>;
  readResource(req: ReadResourceRequest): Promise<{ new_state?: DynamicValue; private?: Uint8Array; diagnostics: Diagnostic[] }>;
  planResourceChange(
    req: PlanResourceChangeRequest,
  ): Promise<{ planned_state?: DynamicValue; requires_replace?: AttributePath[]; planned_private?: Uint8Array; diagnostics: Diagnostic[] }>;
  applyResourceChange(req: ApplyResourceChangeRequest): Promise<{ new_state?: DynamicValue; private?: Uint8Array; diagnostics: Diagnostic[] }>;
  importResourceState(
    req: ImportResourceStateRequest,
  ): Promise<{ imported_resources: { type_name: string; state: DynamicValue; private?: Uint8Array }[]; diagnostics: Diagnostic[] }>;
  /** Terraform asks running operations to stop (Ctrl-C). */
  stop(): Promise<void>;
  /** The process is about to exit (GRPCController.Shutdown). */
  close(): Promise<void>;
}

export function errorDiagnostic(summary: string, detail?: string, attribute?: string): Diagnostic {
  return { severity: Severity.ERROR, summary, ...(detail ? { detail } : {}), ...(attribute ? { attribute: { steps: [{ attribute_name: attribute }] } } : {}) };
}

export function warningDiagnostic(summary: string, detail?: string): Diagnostic {
  return { severity: Severity.WARNING, summary, ...(detail ? { detail } : {}) };
}
