// Statements for removal policy 'destroy': run only when a construct with that policy is removed.
import { quoteIdent } from '../spec/identifiers';
import { ObjectSpec, RenderOptions } from '../spec/model';
import { renderDropDatabase, renderDropTable, renderDropView } from './tables';
import { accessOnCluster, renderDropRole } from './access';
import { renderDropDictionary } from './dictionaries';

export function renderDrop(spec: ObjectSpec, opts: RenderOptions = {}): string[] {
  switch (spec.kind) {
    case 'database':
      return [renderDropDatabase(spec, opts)];
    case 'table':
      return [renderDropTable(spec, opts)];
    case 'materialized_view':
    case 'view':
      return [renderDropView(spec, opts)];
    case 'dictionary':
      return [renderDropDictionary(spec, opts)];
    case 'user':
      return [`DROP USER IF EXISTS ${quoteIdent(spec.name)}${accessOnCluster(opts)}`];
    case 'role':
      return [renderDropRole(spec, opts)];
    case 'quota':
      return [`DROP QUOTA IF EXISTS ${quoteIdent(spec.name)}${accessOnCluster(opts)}`];
    case 'row_policy':
      return [`DROP ROW POLICY IF EXISTS ${quoteIdent(spec.name)}${accessOnCluster(opts)} ON ${quoteIdent(spec.database)}.${quoteIdent(spec.table)}`];
    case 'settings_profile':
      return [`DROP SETTINGS PROFILE IF EXISTS ${quoteIdent(spec.name)}${accessOnCluster(opts)}`];
    case 'grant':
      return spec.grants.map((g) => {
        const on = `${g.database === '*' ? '*' : quoteIdent(g.database)}.${!g.table || g.table === '*' ? '*' : quoteIdent(g.table)}`;
        return `REVOKE${accessOnCluster(opts)} ${g.privilege}${g.columns?.length ? `(${g.columns.map(quoteIdent).join(', ')})` : ''} ON ${on} FROM ${quoteIdent(spec.grantee)}`;
      });
  }
}
