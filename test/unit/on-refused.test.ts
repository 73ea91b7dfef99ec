// on_refused: the provider setting and the stack prop (the behaviour through Terraform is in
// test/e2e/on-refused-hold.test.ts).
import { Testing } from 'cdktf';
import { ClickHouseStack } from '../../constructs';
import { resolveProviderSettings } from '../../provider/provider-config';

describe('on_refused', () => {
  test('GIVEN the provider attribute THEN "fail" by default, "hold" taken, anything else refused naming the attribute', () => {
    expect(resolveProviderSettings({ url: 'http://h:8123' }, {}).holdRefused).toBe(false);
    expect(resolveProviderSettings({ url: 'http://h:8123', on_refused: 'fail' }, {}).holdRefused).toBe(false);
    expect(resolveProviderSettings({ url: 'http://h:8123', on_refused: 'hold' }, {}).holdRefused).toBe(true);
    expect(() => resolveProviderSettings({ url: 'http://h:8123', on_refused: 'skip' }, {})).toThrow('on_refused must be "fail" or "hold", got "skip"');
  });

  test('GIVEN the stack prop THEN synth writes it into the provider block, and a wrong value fails naming the stack path and field', () => {
    const stack = new ClickHouseStack(Testing.app(), 'prod', { onRefused: 'hold' });
    expect(JSON.parse(Testing.synth(stack)).provider.clickhouse[0].on_refused).toBe('hold');
    expect(JSON.parse(Testing.synth(new ClickHouseStack(Testing.app(), 'dev'))).provider.clickhouse[0].on_refused).toBeUndefined();
    expect(() => new ClickHouseStack(Testing.app(), 'bad', { onRefused: 'skip' as never })).toThrow(`bad: onRefused: must be 'fail' or 'hold', got "skip"`);
  });
});
