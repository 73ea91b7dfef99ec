// Every resource type of the provider, by Terraform type name and by spec kind.
import { ObjectSpec } from '../../sql/spec/model';
import { databaseType } from './database';
import { dictionaryType } from './dictionary';
import { grantType } from './grant';
import { materializedViewType } from './materialized-view';
import { ResourceType } from './resource-type';
import { roleType } from './role';
import { quotaType, rowPolicyType } from './quota';
import { settingsProfileType } from './settings-profile';
import { tableType } from './table';
import { userType } from './user';
import { viewType } from './view';

export const RESOURCE_TYPES: readonly ResourceType[] = [
  databaseType,
  tableType,
  materializedViewType,
  viewType,
  userType,
  roleType,
  settingsProfileType,
  grantType,
  dictionaryType,
  quotaType,
  rowPolicyType,
] as unknown as ResourceType[];

export function resourceTypeByName(typeName: string): ResourceType {
  const t = RESOURCE_TYPES.find((r) => r.typeName === typeName);
  if (!t) throw new Error(`unknown resource type ${typeName}; this provider has ${RESOURCE_TYPES.map((r) => r.typeName).join(', ')}`);
  return t;
}

export function resourceTypeOf(kind: ObjectSpec['kind']): ResourceType {
  const t = RESOURCE_TYPES.find((r) => r.kind === kind);
  if (!t) throw new Error(`no resource type for objects of kind ${kind}`);
  return t;
}
