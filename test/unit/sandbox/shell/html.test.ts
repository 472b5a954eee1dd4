/** Escaping, the bridge injection and the frames' CSP. Table-driven, no browser needed. */
import { escapeHtml, frameCsp, injectBridge, markup } from '../../../../src/sandbox/shell/html';
import { ShellError } from '../../../../src/sandbox/shell/errors';

describe('html helpers', () => {
  it('escapes every interpolation but nested markup', () => {
    const inner = markup`<b>${'<i>'}</b>`;
    expect(markup`<p title="${'"x"'}">${inner}${['&', null, undefined]}</p>`.text).toBe(
      '<p title="&quot;x&quot;"><b>&lt;i&gt;</b>&amp;</p>',
    );
    expect(escapeHtml(`<a href='x'>`)).toBe('&lt;a href=&#39;x&#39;&gt;');
  });

  it.each([
    ['<html><head><title>x</title></head></html>', '<head>\n    <script src="/b.js"></script><title>'],
    [
      '<HTML><HEAD lang="en"><meta charset="utf-8"></HEAD>',
      '<HEAD lang="en">\n    <script src="/b.js"></script><meta',
    ],
  ])('puts the bridge first in <head>: %s', (input, expected) => {
    expect(injectBridge(input, '/b.js')).toContain(expected);
  });

  it('refuses a bundle without <head>', () => {
    expect(() => injectBridge('<body></body>', '/b.js')).toThrow(ShellError);
  });

  it.each([
    [false, "style-src 'self';"],
    [true, "style-src 'self' 'unsafe-inline';"],
  ])('frame CSP with inline styles %s', (inline, expected) => {
    expect(frameCsp(inline)).toContain(expected);
    expect(frameCsp(inline)).toContain("script-src 'self';");
  });
});
