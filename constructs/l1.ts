// The L1 layer: the provider block and the resources of the ClickHouse Terraform provider
// (provider/), as plain cdktf elements. Their attributes are the provider's schema, produced
// from specs by the provider's own resource types, so what synth writes is exactly what the
// provider reads back. The documented L2 constructs (Table, User, ...) build on these.
import { Lazy, TerraformProvider, TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import { PROVIDER_SOURCE, providerVersion } from '../provider/install';
import type { AttrDef } from '../provider/schema/attributes';

/** The provider block (snake_case attribute names as in provider/provider-config.ts). */
export interface ClickHouseProviderAttributes {
  readonly url?: string;
  readonly url_env?: string;
  readonly default_url?: string;
  readonly user_env?: string;
  readonly password_env?: string;
  readonly request_timeout_ms?: number;
  readonly mutation_timeout_seconds?: number;
  readonly cluster?: string;
  readonly access_on_cluster?: boolean;
  readonly stack?: string;
  readonly revisions_database?: string;
  readonly revisions_table?: string;
  readonly login_probe?: boolean;
  readonly on_refused?: 'fail' | 'hold';
}

export class ClickHouseTerraformProvider extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly attributes: ClickHouseProviderAttributes,
  ) {
    super(scope, id, {
      terraformResourceType: 'clickhouse',
      terraformGeneratorMetadata: { providerName: 'clickhouse', providerVersion: providerVersion() },
      terraformProviderSource: PROVIDER_SOURCE,
    });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return dropNulls({ ...this.attributes });
  }
}

/** Terraform reads "${" and "%{" in JSON strings as templates; SQL may contain them literally. */
export function escapeTemplates<T>(value: T): T {
  if (typeof value === 'string') return value.replace(/\$\{/g, '$$${').replace(/%\{/g, '%%{') as T;
  if (Array.isArray(value)) return value.map(escapeTemplates) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeTemplates(v)])) as T;
  return value;
}

function dropNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

export interface ClickHouseResourceConfig {
  /** The provider resource type, e.g. 'clickhouse_table'. */
  readonly type: string;
  /** Attribute values (null or undefined: not set). */
  readonly attributes: Record<string, unknown>;
  /** The attribute definitions (maps keep their keys as written: cdktf would snake_case them). */
  readonly definitions: readonly AttrDef[];
  readonly provider: TerraformProvider;
}

export class ClickHouseTerraformResource extends TerraformResource {
  private readonly attributes: Record<string, unknown>;

  constructor(scope: Construct, id: string, config: ClickHouseResourceConfig) {
    super(scope, id, { terraformResourceType: config.type, terraformGeneratorMetadata: { providerName: 'clickhouse' }, provider: config.provider });
    const maps = new Set(config.definitions.filter((d) => Array.isArray(d.type) && d.type[0] === 'map').map((d) => d.name));
    this.attributes = Object.fromEntries(
      Object.entries(dropNulls(escapeTemplates(config.attributes))).map(([k, v]) => [k, maps.has(k) ? Lazy.anyValue({ produce: () => v }) : v]),
    );
  }

  /** The attribute values as given (before cdktf's token handling). */
  get attributeValues(): Readonly<Record<string, unknown>> {
    return this.attributes;
  }

  /** "clickhouse_table.<logical id>", as Terraform addresses it. */
  get address(): string {
    return `${this.terraformResourceType}.${this.friendlyUniqueId}`;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return this.attributes;
  }
}
