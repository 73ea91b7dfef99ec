// An embedded server whose users.xml defines the seed's monitor user, 'program' profile and
// grants: how access entities get onto the embedded engine, whose only access storage is the
// read-only users_xml (its clickhouse-local reads users only from <users_config>, so the file
// points at itself).
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { createClient } from '@clickhouse/client';
import { EmbeddedServer, startEmbeddedServer } from '../../server/embedded-server';
import { clientQueryFn } from '../../sql/live/client';
import { checkDrift } from '../../sql/live/drift-check';
import { ObjectSpec } from '../../sql/spec/model';

export interface UsersXmlVariant {
  /** The monitor user's password (stored as password_sha256_hex). */
  readonly password: string;
  /** GRANT statements of the monitor user, without "TO ...". */
  readonly grants: readonly string[];
  /** The program profile's max_execution_time. */
  readonly maxExecutionTime: number;
}

export function usersXml(file: string, v: UsersXmlVariant): string {
  return `<clickhouse>\n${usersXmlElements(file, v)}</clickhouse>\n`;
}

/** The elements of usersXml without the <clickhouse> root: to add to a larger config (that lives at `file`). */
export function usersXmlElements(file: string, v: UsersXmlVariant): string {
  const hex = createHash('sha256').update(v.password).digest('hex');
  return `  <users_config>${file}</users_config>
  <profiles>
    <default/>
    <program>
      <max_memory_usage>10000000000</max_memory_usage>
      <max_execution_time>${v.maxExecutionTime}</max_execution_time>
      <max_threads>8</max_threads>
      <constraints><max_threads><max>16</max></max_threads></constraints>
    </program>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>::/0</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
      <access_management>1</access_management>
    </default>
    <monitor>
      <password_sha256_hex>${hex}</password_sha256_hex>
      <networks><ip>::/0</ip></networks>
      <profile>program</profile>
      <quota>default</quota>
      <default_database>monitor</default_database>
      <grants>${v.grants.map((g) => `<query>${g}</query>`).join('')}</grants>
    </monitor>
  </users>
  <quotas><default/></quotas>
`;
}

/** Starts an embedded server named `name` under `home` with that users.xml as its config. */
export async function serverWithUsersXml(home: string, name: string, v: UsersXmlVariant): Promise<EmbeddedServer> {
  const file = path.join(home, `${name}.xml`);
  fs.writeFileSync(file, usersXml(file, v));
  return startEmbeddedServer({ dataDir: path.join(home, name), logFile: path.join(home, `${name}.log`), configFile: file });
}

/**
 * A users.xml defining access entities for a read-side test: the `default` user (access
 * management on) plus what `entities` adds, its <users_config> pointing at itself.
 * `entities`: `users` (more <user> elements), `roles`, `quotas` and `profiles` (the contents of
 * <roles>, <quotas> and <profiles>; <quotas> always has the default quota, <profiles> the default
 * profile).
 */
export function accessXml(
  file: string,
  entities: { readonly users?: string; readonly roles?: string; readonly quotas?: string; readonly profiles?: string },
): string {
  return `<clickhouse>
  <users_config>${file}</users_config>
  <profiles><default/>${entities.profiles ?? ''}</profiles>${entities.roles ? `\n  <roles>${entities.roles}</roles>` : ''}
  <users>
    <default>
      <password></password>
      <networks><ip>::/0</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
      <access_management>1</access_management>
    </default>${entities.users ?? ''}
  </users>
  <quotas><default/>${entities.quotas ?? ''}</quotas>
</clickhouse>
`;
}

/** Starts an embedded server under `home` whose config is accessXml(entities). */
export async function serverWithAccessXml(home: string, entities: Parameters<typeof accessXml>[1]): Promise<EmbeddedServer> {
  const file = path.join(home, 'users.xml');
  fs.writeFileSync(file, accessXml(file, entities));
  return startEmbeddedServer({ dataDir: path.join(home, 'data'), logFile: path.join(home, 'server.log'), configFile: file });
}

/** The drift check of `specs` on the server at `url`: [object, reason, runnable, detail] per change. */
export async function driftAt(url: string, specs: readonly ObjectSpec[]): Promise<[string, string, boolean, string][]> {
  const c = createClient({ url });
  try {
    return (await checkDrift(clientQueryFn(c), specs)).changes.map((x) => [x.object, x.reason, x.runnable, x.detail]);
  } finally {
    await c.close();
  }
}
