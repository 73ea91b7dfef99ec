// Terraform's built-in terraform_data resource, without cdktf's per-resource version check.
// cdktf's DataResource adds a validation to every instance that spawns `terraform version`:
// 54.6 s of a 1000-table synth (bench/results). One check per stack does the same job.
import { execFileSync } from 'child_process';
import { anyToHclTerraform, anyToTerraform, hashMapper, hashMapperHcl, IResolvable, TerraformResource, TerraformResourceConfig } from 'cdktf';
import { Construct, IValidation } from 'constructs';

export interface TerraformDataConfig extends Pick<TerraformResourceConfig, 'dependsOn' | 'provisioners' | 'lifecycle'> {
  /** Replaces the resource (and runs its create provisioners) when any value changes. */
  readonly triggersReplace?: IResolvable | Record<string, string>;
}

export class TerraformData extends TerraformResource {
  private readonly triggers?: IResolvable | Record<string, string>;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
      dependsOn: config.dependsOn,
      provisioners: config.provisioners,
      lifecycle: config.lifecycle,
    });
    this.triggers = config.triggersReplace;
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { triggers_replace: hashMapper(anyToTerraform)(this.triggers) };
  }

  protected synthesizeHclAttributes(): Record<string, unknown> {
    return { triggers_replace: hashMapperHcl(anyToHclTerraform)(this.triggers) };
  }
}

let cachedVersion: { version?: string; problem?: string } | undefined;

/** terraform_data needs Terraform >= 1.4; asked once per process. */
export class TerraformVersionValidation implements IValidation {
  validate(): string[] {
    if (!cachedVersion) {
      try {
        const out = execFileSync('terraform', ['version', '-json'], { stdio: ['ignore', 'pipe', 'ignore'], timeout: 30000 }).toString();
        cachedVersion = { version: (JSON.parse(out) as { terraform_version: string }).terraform_version };
      } catch {
        // Not on the PATH here: synth can still run (e.g. in a build step); deploy will say so.
        cachedVersion = {};
      }
      const v = cachedVersion.version?.split('.').map(Number);
      if (v && (v[0] < 1 || (v[0] === 1 && v[1] < 4))) cachedVersion.problem = `terraform_data needs Terraform >= 1.4, found ${cachedVersion.version}`;
    }
    return cachedVersion.problem ? [cachedVersion.problem] : [];
  }
}
