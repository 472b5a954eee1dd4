/**
 * HTML helpers: escaping for the shell's server-rendered pages, the bridge injection into a bundle's
 * index.html, and the Content-Security-Policy values of host pages and hosted frames.
 */
import { ShellError } from './errors';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** Tagged template that escapes every interpolation unless it is already `Html`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function markup(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    const part = (x: unknown): string =>
      x instanceof Html
        ? x.text
        : Array.isArray(x)
          ? x.map(part).join('')
          : x === null || x === undefined
            ? ''
            : escapeHtml(String(x));
    out += part(v) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

const HEAD_OPEN = /<head(\s[^>]*)?>/i;

/**
 * Puts the bridge script first in <head>: @forge/bridge reads `globalThis.__bridge` when its module is
 * evaluated, so the bridge must exist before any of the bundle's scripts run. External (not inline) so
 * the frame's CSP can stay `script-src 'self'`, as Forge's does.
 */
export function injectBridge(indexHtml: string, bridgeSrc: string): string {
  const match = HEAD_OPEN.exec(indexHtml);
  if (!match) throw new ShellError('bad-bundle', 'the built index.html has no <head> to put the bridge in');
  const at = match.index + match[0].length;
  return `${indexHtml.slice(0, at)}\n    <script src="${escapeHtml(bridgeSrc)}"></script>${indexHtml.slice(at)}`;
}

/**
 * A Custom UI frame's policy: assets from its own origin only, no inline script, inline styles only when
 * the manifest's `permissions.content.styles` grants `unsafe-inline` (as Forge does).
 */
export function frameCsp(inlineStyles: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self'${inlineStyles ? " 'unsafe-inline'" : ''}`,
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-ancestors 'self'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join('; ');
}

export const HOST_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'self'",
].join('; ');
