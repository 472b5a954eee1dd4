import { StorageError } from '../../../../src/forge/platform/errors';
import { checkKey, checkValue, KEYS, VALUE_MAX_BYTES } from '../../../../src/forge/platform/repository';

describe('storage key and value checks (Forge KVS limits)', () => {
  it.each([
    [KEYS.known('5b10ac8d82e05b22cc7d4ef5'), true],
    [KEYS.postClaim('712020:1b2c-3d', '1767225600000'), true],
    [KEYS.requesterRequest('acc-1', 'acc-2'), true],
    ['', false],
    ['   ', false],
    ['flag:a/b', false],
    ['flag:ä', false],
    ['k'.repeat(500), true],
    ['k'.repeat(501), false],
  ])('key %j valid=%s', (key, valid) => {
    if (valid) expect(() => checkKey(key)).not.toThrow();
    else expect(() => checkKey(key)).toThrow(StorageError);
  });

  it('refuses values over 240 KiB or nested deeper than 31 levels', () => {
    expect(() => checkValue({ s: 'x'.repeat(VALUE_MAX_BYTES - 20) })).not.toThrow();
    expect(() => checkValue({ s: 'x'.repeat(VALUE_MAX_BYTES) })).toThrow(StorageError);
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => checkValue(deep)).toThrow(StorageError);
    expect(() => checkValue(undefined)).toThrow(StorageError);
  });
});
