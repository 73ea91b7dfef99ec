import { Construct } from 'constructs';
import { ClickHouseObject, ClickHouseObjectProps } from './clickhouse-object';
import { Role } from './role';
import { Table } from './table';
import { User } from './user';
import { ApplyTo, QuotaInterval, QuotaSpec, RowPolicySpec } from '../sql/spec/model';

/** Who a quota or row policy applies to, by construct. */
export interface AppliesTo {
  /** Users and roles (TO a, b). @default [] */
  readonly to?: readonly (User | Role)[];
  /** TO ALL: every user and role, except `except`. @default false */
  readonly all?: boolean;
  /** With all: users and roles left out (ALL EXCEPT ...). @default [] */
  readonly except?: readonly (User | Role)[];
}

function applyTo(a: AppliesTo | undefined): { applyTo?: ApplyTo } {
  if (!a) return {};
  const to: ApplyTo = {
    ...(a.to?.length ? { names: a.to.map((x) => x.spec.name) } : {}),
    ...(a.all ? { all: true } : {}),
    ...(a.except?.length ? { except: a.except.map((x) => x.spec.name) } : {}),
  };
  return Object.keys(to).length ? { applyTo: to } : {};
}

export interface QuotaProps extends ClickHouseObjectProps {
  /** Quota name. */
  readonly name: string;
  /** KEYED BY, e.g. 'user_name', 'ip_address', 'client_key'. @default not keyed (all users together) */
  readonly keyedBy?: string;
  /** Intervals with their limits, e.g. [{ durationSeconds: 3600, max: { queries: 1000, errors: 100 } }]. */
  readonly intervals: readonly QuotaInterval[];
  /** Users and roles it applies to (deployed first). @default none */
  readonly appliesTo?: AppliesTo;
}

/** A quota (CREATE QUOTA). Any change runs in place as CREATE QUOTA OR REPLACE (usage counted so far restarts). */
export class Quota extends ClickHouseObject {
  declare readonly spec: QuotaSpec;

  constructor(scope: Construct, id: string, props: QuotaProps) {
    const spec: QuotaSpec = {
      kind: 'quota',
      name: props.name,
      ...(props.keyedBy !== undefined ? { keyedBy: props.keyedBy } : {}),
      intervals: props.intervals,
      ...applyTo(props.appliesTo),
    };
    super(scope, id, spec, props);
    this.addDependency(...(props.appliesTo?.to ?? []), ...(props.appliesTo?.except ?? []));
  }
}

export interface RowPolicyProps extends ClickHouseObjectProps {
  /** Policy name (unique per table). */
  readonly name: string;
  /** The table it filters (deployed first). */
  readonly table: Table;
  /** The filter (USING), e.g. 'tenant = currentUser()'. */
  readonly using: string;
  /** AS RESTRICTIVE (ANDed with the others) instead of permissive (ORed). @default false */
  readonly restrictive?: boolean;
  /** Users and roles it applies to (deployed first). @default none */
  readonly appliesTo?: AppliesTo;
}

/** A row policy (CREATE ROW POLICY ... ON db.table FOR SELECT USING ...). Any change runs in place as CREATE ROW POLICY OR REPLACE. */
export class RowPolicy extends ClickHouseObject {
  declare readonly spec: RowPolicySpec;

  constructor(scope: Construct, id: string, props: RowPolicyProps) {
    const spec: RowPolicySpec = {
      kind: 'row_policy',
      name: props.name,
      database: props.table?.spec.database,
      table: props.table?.spec.name,
      using: props.using,
      ...(props.restrictive ? { restrictive: true } : {}),
      ...applyTo(props.appliesTo),
    };
    super(scope, id, spec, props);
    this.addDependency(props.table, ...(props.appliesTo?.to ?? []), ...(props.appliesTo?.except ?? []));
  }
}
