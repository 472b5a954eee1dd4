/**
 * The local Jira shell: a small Hono app standing in for Jira around the app's Custom UI modules.
 *
 * Routes
 *   GET  /                        issues the signed-in user can browse, per project
 *   GET  /browse/:key             issue view; "•••" opens the issue action in a modal frame
 *   GET  /browse/:key/activity    the issue's comments (HTML fragment; the bridge's refresh re-reads it)
 *   GET  /admin                   the admin page in a frame (Jira admins only, as in Jira)
 *   POST /_shell/user             switch the signed-in user (form: accountId, returnTo)
 *   POST /_shell/theme            switch the light/dark theme (form: colorMode, returnTo)
 *   GET  /_shell/open/:kind       opens a frame for the signed-in user (kind adminPage | issueAction,
 *                                 ?issue=KEY) and redirects into it
 *   GET  /_shell/frames/:id/*     the module's built resource directory; index.html gets the bridge
 *   GET  /_shell/bridge/:id.js    the bridge for that frame (see bridge-script.ts)
 *   POST /_shell/frames/:id/invoke   { functionKey, payload } → the module's resolver via the gateway
 *
 * Identity: the frame's context (user, module, issue) is fixed by the server when the frame opens; an
 * invocation runs as that user only while the same user is still signed in, so switching users in
 * another tab cannot make an open frame act for someone else.
 *
 * Anything else is a Jira-like "page not found"; a trailing slash and a lower-case issue key are
 * redirected to the page meant, as Jira does.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { bridgeScript } from './bridge-script';
import { ShellError } from './errors';
import { buildFrameContext, FrameRegistry, type FrameContext, type SiteInfo } from './frame-context';
import { HOST_SCRIPT, HOST_STYLES } from './host-assets';
import { frameCsp, HOST_CSP, injectBridge } from './html';
import { createJiraReader, issueScopeOf } from './jira-reader';
import type { HostedModule, ModuleKind } from './manifest-modules';
import {
  activityFragment,
  ADMIN_PAGE_PATH,
  adminPageBody,
  issueListBody,
  issueViewBody,
  layout,
  messageBody,
  unbuiltModulePage,
} from './pages';
import { colorModeOf, parseColorMode, THEME_COOKIE } from './theme';
import { currentUser, safeReturnPath, USER_COOKIE, type ShellUser } from './users';

export interface ShellOptions {
  modules: Record<ModuleKind, HostedModule>;
  site: SiteInfo;
  /** The simulator's origin; the shell reads Jira there as the signed-in user. */
  jiraBaseUrl: string;
  users: readonly ShellUser[];
  /** Projects on the issue list, in order. */
  projects: readonly string[];
  /** The sandbox's Forge invocation gateway (src/sandbox/forge-gateway.ts). */
  gateway: { url: string; token: string };
  /**
   * Delivers queued async events after an invocation, as Forge's queue does on its own shortly after
   * a push (the "Scan now" resolver only queues the scan). Runs in the background, one at a time.
   */
  deliverQueued?: () => Promise<unknown>;
  onBackgroundError?: (err: unknown) => void;
}

const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,9}-[1-9][0-9]{0,8}$/;
const FRAME_ID = /^[0-9a-f-]{36}$/;

const InvokeBody = z.strictObject({
  functionKey: z.string().min(1).max(100),
  payload: z.unknown().optional(),
});

const GatewayRefusal = z.object({ error: z.string() });

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export function createShellApp(opts: ShellOptions): Hono {
  const app = new Hono();
  const frames = new FrameRegistry();
  const jira = createJiraReader({
    baseUrl: opts.jiraBaseUrl,
    cloudId: opts.site.cloudId,
    projects: opts.projects,
  });
  const userOf = (c: Context) => currentUser(opts.users, getCookie(c, USER_COOKIE));
  const colorModeFor = (c: Context) => colorModeOf(getCookie(c, THEME_COOKIE));

  let delivery: Promise<unknown> = Promise.resolve();
  let deliveryQueued = false;
  const deliverInBackground = () => {
    const deliver = opts.deliverQueued;
    if (!deliver || deliveryQueued) return;
    deliveryQueued = true;
    delivery = delivery.then(async () => {
      deliveryQueued = false;
      try {
        await deliver();
      } catch (err) {
        opts.onBackgroundError?.(err);
      }
    });
  };

  app.use('*', async (c, next) => {
    await next();
    c.header('Cache-Control', 'no-store');
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
  });

  const page = (
    c: Context,
    p: { title: string; current: 'issues' | 'admin' | 'none'; body: ReturnType<typeof messageBody> },
    status: 200 | 403 | 404 | 502 = 200,
  ) => {
    c.header('Content-Security-Policy', HOST_CSP);
    return c.html(
      layout({
        ...p,
        user: userOf(c),
        users: opts.users,
        adminModule: opts.modules.adminPage,
        path: new URL(c.req.url).pathname,
        colorMode: colorModeFor(c),
      }),
      status,
    );
  };

  app.get('/favicon.ico', (c) => c.body(null, 204));
  app.get('/_shell/host.js', (c) =>
    c.body(HOST_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8' }),
  );
  app.get('/_shell/shell.css', (c) =>
    c.body(HOST_STYLES, 200, { 'content-type': 'text/css; charset=utf-8' }),
  );

  app.get('/', async (c) => {
    const projects = await jira.listIssues(userOf(c).token);
    return page(c, { title: 'Issues', current: 'issues', body: issueListBody(projects) });
  });

  app.get('/browse/:key', async (c) => {
    const key = c.req.param('key');
    const upper = key.toUpperCase();
    if (upper !== key && ISSUE_KEY.test(upper)) return c.redirect(`/browse/${upper}`, 301);
    const issue = ISSUE_KEY.test(key) ? await jira.issue(userOf(c).token, key) : null;
    if (!issue) {
      return page(
        c,
        {
          title: 'Issue not found',
          current: 'none',
          body: messageBody('Issue not found', `You cannot see ${key}, or it does not exist.`),
        },
        404,
      );
    }
    return page(c, {
      title: `${issue.key}: ${issue.fields.summary}`,
      current: 'issues',
      body: issueViewBody(issue, opts.modules.issueAction, opts.users),
    });
  });

  app.get('/browse/:key/activity', async (c) => {
    const key = c.req.param('key');
    const issue = ISSUE_KEY.test(key) ? await jira.issue(userOf(c).token, key) : null;
    if (!issue) return c.text('not found', 404);
    return c.html(activityFragment(issue.fields.comment.comments, opts.users).text);
  });

  app.get(ADMIN_PAGE_PATH, (c) => {
    const admin = opts.modules.adminPage;
    if (!userOf(c).admin) {
      return page(
        c,
        {
          title: admin.title,
          current: 'none',
          body: messageBody(
            "You don't have access to this page",
            `${admin.title} is an administration page: only Jira administrators can open it.`,
          ),
        },
        403,
      );
    }
    return page(c, { title: admin.title, current: 'admin', body: adminPageBody(admin) });
  });

  app.post('/_shell/user', async (c) => {
    const form = await c.req.parseBody();
    const accountId = typeof form.accountId === 'string' ? form.accountId : '';
    const returnTo = safeReturnPath(typeof form.returnTo === 'string' ? form.returnTo : undefined);
    if (!opts.users.some((u) => u.accountId === accountId)) return c.text('unknown sandbox user', 400);
    setCookie(c, USER_COOKIE, accountId, { path: '/', httpOnly: true, sameSite: 'Strict' });
    return c.redirect(returnTo, 303);
  });

  app.post('/_shell/theme', async (c) => {
    const form = await c.req.parseBody();
    const mode = parseColorMode(form.colorMode);
    const returnTo = safeReturnPath(typeof form.returnTo === 'string' ? form.returnTo : undefined);
    if (mode === null) return c.text('unknown colour mode', 400);
    // A year, as a preference: unlike the user, the theme is worth keeping across sandbox restarts.
    setCookie(c, THEME_COOKIE, mode, {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: 365 * 24 * 3600,
    });
    return c.redirect(returnTo, 303);
  });

  app.get('/_shell/open/:kind', async (c) => {
    const kind = c.req.param('kind');
    if (kind !== 'adminPage' && kind !== 'issueAction') return c.text('unknown module kind', 404);
    const module = opts.modules[kind];
    const user = userOf(c);
    const mode = colorModeFor(c);
    let frame: FrameContext;
    if (kind === 'adminPage') {
      if (!user.admin) return c.text('only Jira administrators can open the admin page', 403);
      frame = buildFrameContext(module, user.accountId, opts.site, null, randomUUID(), mode);
    } else {
      const key = c.req.query('issue') ?? '';
      const issue = ISSUE_KEY.test(key) ? await jira.issue(user.token, key) : null;
      if (!issue) return c.text('issue not found', 404);
      frame = buildFrameContext(module, user.accountId, opts.site, issueScopeOf(issue), randomUUID(), mode);
    }
    frames.add(frame);
    return c.redirect(`/_shell/frames/${frame.frameId}/`, 302);
  });

  app.get('/_shell/bridge/:file', (c) => {
    const frameId = c.req.param('file').replace(/\.js$/, '');
    const frame = FRAME_ID.test(frameId) ? frames.get(frameId) : undefined;
    if (!frame) return c.text('unknown frame', 404);
    return c.body(bridgeScript(frame, ADMIN_PAGE_PATH), 200, {
      'content-type': 'text/javascript; charset=utf-8',
    });
  });

  app.get('/_shell/frames/:id/*', async (c) => {
    const frameId = c.req.param('id');
    const frame = FRAME_ID.test(frameId) ? frames.get(frameId) : undefined;
    if (!frame) return c.text('This frame is out of date; reload the page.', 404);
    const prefix = `/_shell/frames/${frameId}/`;
    const rel = decodeURIComponent(new URL(c.req.url).pathname.slice(prefix.length)) || 'index.html';
    const root = frame.module.resourceDir;
    const file = path.resolve(root, rel);
    if (file !== root && !file.startsWith(root + path.sep)) return c.text('not found', 404);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) {
      if (rel !== 'index.html') return c.text('not found', 404);
      c.header('Content-Security-Policy', frameCsp(false));
      return c.html(unbuiltModulePage(frame.module, frame.colorMode), 503);
    }
    c.header('Content-Security-Policy', frameCsp(frame.module.inlineStyles));
    if (rel === 'index.html') {
      const text = injectBridge(await readFile(file, 'utf8'), `/_shell/bridge/${frameId}.js`);
      return c.html(text);
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    return c.body(await readFile(file), 200, { 'content-type': type });
  });

  app.post('/_shell/frames/:id/invoke', async (c) => {
    const frameId = c.req.param('id');
    const frame = FRAME_ID.test(frameId) ? frames.get(frameId) : undefined;
    if (!frame) return c.json({ message: 'This page is out of date; reload it.' }, 410);
    if (userOf(c).accountId !== frame.accountId) {
      return c.json({ message: 'The signed-in user changed since this page opened; reload it.' }, 409);
    }
    const body = InvokeBody.safeParse(await c.req.json().catch(() => undefined));
    if (!body.success) return c.json({ message: 'The resolver call was malformed.' }, 400);
    const ext = frame.extension;
    let res: Response;
    try {
      res = await fetch(`${opts.gateway.url}/invoke`, {
        method: 'POST',
        headers: { authorization: `Bearer ${opts.gateway.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          moduleKey: frame.module.key,
          functionKey: body.data.functionKey,
          payload: body.data.payload ?? {},
          accountId: frame.accountId,
          ...(ext.type === 'jira:issueAction'
            ? {
                extension: {
                  issue: { key: ext.issue.key, id: ext.issue.id },
                  project: { key: ext.project.key, id: ext.project.id },
                },
              }
            : {}),
        }),
      });
    } catch {
      throw new ShellError('gateway-failed', 'the Forge app could not be reached');
    }
    const answer: unknown = await res.json().catch(() => undefined);
    if (res.status !== 200) {
      const refusal = GatewayRefusal.safeParse(answer);
      // Forge rejects the invoke promise when the function fails; the page sees a message, no internals.
      return c.json(
        {
          message: `The app's function "${body.data.functionKey}" failed${refusal.success ? `: ${refusal.data.error}` : '.'}`,
        },
        502,
      );
    }
    deliverInBackground();
    return c.json({ result: answer ?? null });
  });

  app.notFound((c) => {
    const url = new URL(c.req.url);
    const trimmed = url.pathname.replace(/\/+$/, '');
    // Only to a path of this site (safeReturnPath refuses "//host" and the shell's own routes).
    if (c.req.method === 'GET' && trimmed !== url.pathname && safeReturnPath(trimmed) === trimmed) {
      return c.redirect(`${trimmed}${url.search}`, 301);
    }
    return page(
      c,
      {
        title: 'Page not found',
        current: 'none',
        body: messageBody(
          'Page not found',
          `The local Jira shell has no page at ${url.pathname}. It shows the issues, the issue view and the app's admin page.`,
        ),
      },
      404,
    );
  });

  app.onError((err, c) => {
    const message = err instanceof ShellError ? err.message : 'the local Jira shell failed';
    if (!(err instanceof ShellError)) opts.onBackgroundError?.(err);
    return c.text(`Local Jira shell: ${message}.`, 502);
  });

  return app;
}
