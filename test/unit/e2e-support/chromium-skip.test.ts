/**
 * The browser suites' guard: a missing chromium skips them loudly on a developer machine and fails
 * them in CI.
 */
import { chromiumAvailable } from '../../e2e/support/chromium';

describe('chromiumAvailable', () => {
  const missing = '/nonexistent/chromium-for-this-test';

  it('is true when the browser exists', () => {
    expect(chromiumAvailable({}, process.execPath)).toBe(true);
  });

  it('warns loudly and skips when the browser is missing outside CI', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(chromiumAvailable({}, missing)).toBe(false);
      expect(chromiumAvailable({ CI: 'false' }, missing)).toBe(false);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[0]?.[0]).toContain('SKIPPING BROWSER TESTS');
    } finally {
      warn.mockRestore();
    }
  });

  it('fails instead of skipping in CI', () => {
    expect(() => chromiumAvailable({ CI: 'true' }, missing)).toThrow(/CI=true/);
  });
});
