// Host restrictions of users in one comparable form, so a declared HOST clause and the lists
// system.users shows compare equal when they allow the same hosts. Pure.
import { HostRestriction } from './model';

/** Host restriction as comparable sorted lists; none (or ::/0) means any host. */
export function normalizeHosts(hosts: HostRestriction | undefined): string {
  const h: HostRestriction = hosts ?? {};
  const ip = [...(h.ip ?? [])];
  const listed = h.names ?? [];
  const names = listed.filter((n) => n !== 'localhost');
  // system.users shows HOST LOCAL as host_names ['localhost'].
  const local = Boolean(h.local) || listed.includes('localhost');
  const any = ip.some((i) => i === '::/0' || i === '0.0.0.0/0');
  if (any || (!ip.length && !names.length && !h.like?.length && !h.regexp?.length && !local)) return 'ANY';
  const part = (k: string, v: readonly string[] | undefined): string => `${k}:${[...(v ?? [])].sort().join(',')}`;
  return [part('ip', ip), part('name', names), part('like', h.like), part('regexp', h.regexp), `local:${local}`].join(' ');
}
