// The Terraform resource that stands for one ClickHouse object. terraform_data (built in, no
// provider download: works air-gapped) by default; null_resource from @cdktf/provider-null
// as an option with the same triggers and provisioners.
import { IResolvable, TerraformResource, TerraformStack } from 'cdktf';
import { TerraformData, TerraformVersionValidation } from './terraform-data';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource as NullResource } from '@cdktf/provider-null/lib/resource';

export type ExecutorKind = 'terraform_data' | 'null_resource';

export interface ExecutorResourceProps {
  readonly kind: ExecutorKind;
  /** String map Terraform compares; a change replaces the resource, which runs the provisioner. */
  readonly triggers: IResolvable | Record<string, string>;
  /** Command run when the resource is created (or replaced). @default none */
  readonly command?: string;
  readonly environment?: IResolvable | Record<string, string>;
  /** Command run when the resource is destroyed. Only on a resource whose triggers never change: a replacement destroys too. */
  readonly destroyCommand?: { readonly command: string; readonly environment: Record<string, string> };
}

function ensureNullProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild('null-provider')) new NullProvider(stack, 'null-provider');
}

const versionChecked = new WeakSet<TerraformStack>();

export function createExecutorResource(scope: Construct, id: string, props: ExecutorResourceProps): TerraformResource {
  const provisioners = [
    ...(props.command ? [{ type: 'local-exec' as const, command: props.command, environment: props.environment as Record<string, string> }] : []),
    ...(props.destroyCommand
      ? [{ type: 'local-exec' as const, when: 'destroy' as const, command: props.destroyCommand.command, environment: props.destroyCommand.environment }]
      : []),
  ];
  if (props.kind === 'null_resource') {
    ensureNullProvider(scope);
    return new NullResource(scope, id, { triggers: props.triggers as Record<string, string>, provisioners });
  }
  const stack = TerraformStack.of(scope);
  if (!versionChecked.has(stack)) {
    versionChecked.add(stack);
    stack.node.addValidation(new TerraformVersionValidation());
  }
  return new TerraformData(scope, id, { triggersReplace: props.triggers, provisioners });
}
