// normalizeHosts: a declared HOST clause and the lists system.users shows compare equal when they
// allow the same hosts, and differ when they do not.
import { normalizeHosts } from '../../sql/spec/hosts';
import { HostRestriction } from '../../sql/spec/model';

describe('normalizeHosts', () => {
  test.each<[string, HostRestriction | undefined, string]>([
    ['no restriction', undefined, 'ANY'],
    ['null, as a provider state may hold it', null as unknown as HostRestriction, 'ANY'],
    ['empty lists', { ip: [], names: [], like: [], regexp: [], local: false }, 'ANY'],
    ['any IPv6 address', { ip: ['::/0'] }, 'ANY'],
    ['any IPv4 address, beside another', { ip: ['10.0.0.1', '0.0.0.0/0'], names: ['a'] }, 'ANY'],
    ['addresses, sorted', { ip: ['10.0.0.2', '10.0.0.1'] }, 'ip:10.0.0.1,10.0.0.2 name: like: regexp: local:false'],
    ['names, sorted', { names: ['b.example', 'a.example'] }, 'ip: name:a.example,b.example like: regexp: local:false'],
    ['LIKE patterns', { like: ['%.b', '%.a'] }, 'ip: name: like:%.a,%.b regexp: local:false'],
    ['regular expressions', { regexp: ['^b', '^a'] }, 'ip: name: like: regexp:^a,^b local:false'],
    ['HOST LOCAL', { local: true }, 'ip: name: like: regexp: local:true'],
    ['localhost as system.users lists HOST LOCAL', { names: ['localhost'] }, 'ip: name: like: regexp: local:true'],
    ['localhost beside other names', { names: ['b', 'localhost', 'a'] }, 'ip: name:a,b like: regexp: local:true'],
    [
      'everything',
      { ip: ['10.0.0.0/8'], names: ['h'], like: ['%.x'], regexp: ['.*\\.y'], local: true },
      'ip:10.0.0.0/8 name:h like:%.x regexp:.*\\.y local:true',
    ],
  ])('%s', (_name, hosts, expected) => expect(normalizeHosts(hosts)).toBe(expected));

  test('HOST LOCAL declared and localhost listed by the server compare equal', () => {
    expect(normalizeHosts({ local: true, ip: ['10.0.0.1'] })).toBe(normalizeHosts({ names: ['localhost'], ip: ['10.0.0.1'] }));
  });

  test('the order of a list does not matter, and the lists given are not reordered', () => {
    const declared = { ip: Object.freeze(['10.0.0.2', '10.0.0.1']), like: Object.freeze(['%b', '%a']), regexp: Object.freeze(['b', 'a']) };
    expect(normalizeHosts(declared)).toBe(normalizeHosts({ ip: ['10.0.0.1', '10.0.0.2'], like: ['%a', '%b'], regexp: ['a', 'b'] }));
    expect(declared.ip).toEqual(['10.0.0.2', '10.0.0.1']);
  });

  test.each<[string, HostRestriction, HostRestriction]>([
    ['an address against a name', { ip: ['10.0.0.1'] }, { names: ['10.0.0.1'] }],
    ['a LIKE pattern against a regular expression', { like: ['a'] }, { regexp: ['a'] }],
    ['a name against a LIKE pattern', { names: ['a'] }, { like: ['a'] }],
    ['HOST LOCAL against no restriction', { local: true }, {}],
    ['one address against two', { ip: ['10.0.0.1'] }, { ip: ['10.0.0.1', '10.0.0.2'] }],
  ])('%s differ', (_name, a, b) => expect(normalizeHosts(a)).not.toBe(normalizeHosts(b)));
});
