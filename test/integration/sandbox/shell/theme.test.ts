/**
 * The shell's theme and first-run fixes without a browser: the colour mode's pure pieces (table-driven),
 * then the shell's routes over real HTTP on the sandbox — the theme switch and its cookie, the frame
 * context's theme, a friendly "page not found", trailing-slash and lower-case issue key redirects, and
 * the message a frame shows when its bundle was never built.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bridgeScript } from '../../../../src/sandbox/shell/bridge-script';
import { buildFrameContext } from '../../../../src/sandbox/shell/frame-context';
import { hostedModulesFrom } from '../../../../src/sandbox/shell/manifest-modules';
import { loadHostedModules } from '../../../../src/sandbox/shell';
import {
  colorModeOf,
  dataThemeAttribute,
  parseColorMode,
  themeState,
  THEME_COOKIE,
} from '../../../../src/sandbox/shell/theme';
import { readableTime } from '../../../../src/sandbox/shell/time-text';
import { startE2eSandbox, type E2eSandbox } from '../../../e2e/support/sandbox';

describe('colour mode', () => {
  it.each([
    [undefined, 'light'],
    ['light', 'light'],
    ['dark', 'dark'],
    ['DARK', 'light'],
    ['', 'light'],
  ])('cookie %s → %s', (cookie, expected) => {
    expect(colorModeOf(cookie)).toBe(expected);
  });

  it.each([
    ['light', 'light'],
    ['dark', 'dark'],
    ['dim', null],
    [undefined, null],
    [['dark'], null],
  ])('submitted %s → %s', (value, expected) => {
    expect(parseColorMode(value)).toBe(expected);
  });

  it('names the default themes and the mode', () => {
    expect(themeState('dark')).toEqual({
      colorMode: 'dark',
      light: 'light',
      dark: 'dark',
      spacing: 'spacing',
      typography: 'typography',
    });
    expect(dataThemeAttribute(themeState('dark'))).toBe(
      'dark:dark light:light spacing:spacing typography:typography',
    );
  });

  const modules = hostedModulesFrom(
    `modules:\n  jira:adminPage: [{ key: a, resource: r, title: A }]\n  jira:issueAction: [{ key: b, resource: r, title: B }]\nresources: [{ key: r, path: p }]\n`,
    '/app',
  );
  const site = { cloudId: 'c', siteUrl: 'https://s.example' };

  it.each(['light', 'dark'] as const)(
    'a frame opened in %s mode carries it to getContext and the bridge',
    (mode) => {
      const frame = buildFrameContext(modules.adminPage, 'a1', site, null, 'f1', mode);
      expect(frame.colorMode).toBe(mode);
      expect(frame.view.theme).toEqual(themeState(mode));
      const script = bridgeScript(frame, '/admin');
      expect(script).toContain(`"colorMode":"${mode}"`);
      expect(script).toContain("setAttribute('data-color-mode', CONFIG.colorMode)");
    },
  );

  it('opens frames in light mode unless told otherwise', () => {
    expect(buildFrameContext(modules.adminPage, 'a1', site, null).view.theme).toMatchObject({
      colorMode: 'light',
    });
  });
});

describe('readable Jira times', () => {
  it.each([
    ['2026-11-02T09:00:02.000+0000', '2 Nov 2026, 09:00 UTC'],
    ['2026-11-02T09:00:02.000+02:00', '2 Nov 2026, 07:00 UTC'],
    ['2026-12-31T23:30:00.000-0100', '1 Jan 2027, 00:30 UTC'],
    ['2026-01-05T04:07Z', '5 Jan 2026, 04:07 UTC'],
    ['yesterday', 'yesterday'],
    ['2026-11-02', '2026-11-02'],
    ['', ''],
  ])('%s → %s', (input, expected) => {
    expect(readableTime(input)).toBe(expected);
  });
});

describe('shell routes a first-time user meets', () => {
  let e2e: E2eSandbox;
  let emptyDir: string;

  beforeAll(async () => {
    emptyDir = mkdtempSync(path.join(tmpdir(), 'unbuilt-page-'));
    const real = loadHostedModules(process.cwd());
    e2e = await startE2eSandbox({
      shellModules: {
        adminPage: { ...real.adminPage, resourceDir: emptyDir },
        issueAction: real.issueAction,
      },
    });
  });
  afterAll(async () => {
    await e2e?.close();
    rmSync(emptyDir, { recursive: true, force: true });
  });

  const get = (p: string, cookie?: string) =>
    fetch(`${e2e.shellUrl}${p}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
  const switchTheme = (form: Record<string, string>) =>
    fetch(`${e2e.shellUrl}/_shell/theme`, {
      method: 'POST',
      redirect: 'manual',
      body: new URLSearchParams(form),
    });

  it('renders the host pages light by default, with a switch that offers dark', async () => {
    const html = await (await get('/')).text();
    expect(html).toContain('<html lang="en" data-color-mode="light">');
    expect(html).toMatch(/<input type="hidden" name="colorMode" value="dark" \/>/);
    expect(html).toMatch(/role="switch" aria-checked="false">\s*Dark theme/);
  });

  it('switches to dark with a cookie and goes back where the user was', async () => {
    const res = await switchTheme({ colorMode: 'dark', returnTo: '/browse/ITSUP-1' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/browse/ITSUP-1');
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(new RegExp(`^${THEME_COOKIE}=dark;`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);

    const html = await (await get('/browse/ITSUP-1', `${THEME_COOKIE}=dark`)).text();
    expect(html).toContain('<html lang="en" data-color-mode="dark">');
    expect(html).toMatch(/role="switch" aria-checked="true">/);
    expect(html).toMatch(/<input type="hidden" name="colorMode" value="light" \/>/);
  });

  it.each([
    [{ colorMode: 'dim', returnTo: '/' }, 400, null],
    [{ colorMode: 'light', returnTo: '//evil.example/' }, 303, '/'],
    [{ colorMode: 'light' }, 303, '/'],
  ])('theme form %j → %s', async (form, status, location) => {
    const res = await switchTheme(form);
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBe(location);
  });

  it('opens frames in the chosen mode', async () => {
    const open = await get('/_shell/open/issueAction?issue=ITSUP-1', `${THEME_COOKIE}=dark`);
    expect(open.status).toBe(302);
    const frameId = /\/_shell\/frames\/([0-9a-f-]{36})\//.exec(open.headers.get('location') ?? '')?.[1];
    expect(frameId).toBeDefined();
    const script = await (await get(`/_shell/bridge/${frameId ?? ''}.js`)).text();
    expect(script).toContain('"theme":{"colorMode":"dark"');
  });

  it.each([
    ['/admin/', '/admin'],
    ['/browse/ITSUP-1/', '/browse/ITSUP-1'],
    ['/browse/itsup-1', '/browse/ITSUP-1'],
    ['/browse/Itsup-1', '/browse/ITSUP-1'],
  ])('%s redirects to %s', async (from, to) => {
    const res = await get(from);
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe(to);
  });

  it.each(['/nothing/here', '//evil.example/', '/_shell/nothing/'])(
    '%s is a page-not-found page, never a redirect elsewhere',
    async (p) => {
      const res = await get(p);
      expect(res.status).toBe(404);
      const html = await res.text();
      expect(html).toContain('<h1>Page not found</h1>');
      expect(html).toContain('<a href="/">Back to the issues</a>');
    },
  );

  it('tells the user to build when a module has no built page', async () => {
    const open = await get('/_shell/open/adminPage');
    const location = open.headers.get('location') ?? '';
    expect(location).toMatch(/^\/_shell\/frames\/[0-9a-f-]{36}\/$/);
    const res = await get(location);
    expect(res.status).toBe(503);
    const html = await res.text();
    expect(html).toContain('SCIM Unlock is not built');
    expect(html).toContain('<code>npm run build</code>');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    // Other missing files stay a plain 404.
    expect((await get(`${location}assets/nope.js`)).status).toBe(404);
  });

  it('shows Jira times as a person reads them', async () => {
    const html = await (await get('/browse/ITSUP-1')).text();
    expect(html).toMatch(/<time datetime="2026-11-02T09:00:0\d\.000\+0000">2 Nov 2026, 09:00 UTC<\/time>/);
  });
});
