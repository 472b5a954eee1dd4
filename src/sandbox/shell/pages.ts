/**
 * Server-rendered host pages of the local Jira shell: the issue list, an issue view with the app's issue
 * action in a modal, and the app's admin page. Every value is escaped by the `markup` template.
 */
import { adfToBlocks, type TextBlock } from './adf-text';
import { markup, type Html } from './html';
import type { IssueComment, IssueDetail, ProjectIssues } from './jira-reader';
import type { HostedModule } from './manifest-modules';
import type { ColorMode } from './theme';
import { readableTime } from './time-text';
import type { ShellUser } from './users';

export const ADMIN_PAGE_PATH = '/admin';

export interface LayoutInput {
  title: string;
  user: ShellUser;
  users: readonly ShellUser[];
  adminModule: HostedModule;
  current: 'issues' | 'admin' | 'none';
  /** Path to come back to after switching user or theme. */
  path: string;
  colorMode: ColorMode;
  body: Html;
}

export function layout(p: LayoutInput): string {
  const option = (u: ShellUser) =>
    markup`<option value="${u.accountId}"${u.accountId === p.user.accountId ? markup` selected` : ''}>${u.displayName} (${u.admin ? 'Jira admin' : 'not admin'})</option>`;
  const navLink = (href: string, label: string, here: boolean) =>
    markup`<li><a href="${href}" ${here ? markup` aria-current="page"` : ''}>${label}</a></li>`;
  return markup`<!doctype html>
    <html lang="en" data-color-mode="${p.colorMode}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${p.title} - Jira (local shell)</title>
        <link rel="stylesheet" href="/_shell/shell.css" />
        <script src="/_shell/host.js" defer></script>
      </head>
      <body data-signed-in-account="${p.user.accountId}">
        <header class="topbar">
          <a class="brand" href="/">Jira <span class="sandbox-note">(local shell)</span></a>
          <nav aria-label="Primary">
            <ul>
              ${navLink('/', 'Issues', p.current === 'issues')}
              ${p.user.admin ? navLink(ADMIN_PAGE_PATH, `Apps: ${p.adminModule.title}`, p.current === 'admin') : ''}
            </ul>
          </nav>
          <form class="switcher" id="user-switcher" method="post" action="/_shell/user">
            <label for="shell-user">Signed in as</label>
            <select id="shell-user" name="accountId">
              ${p.users.map(option)}
            </select>
            <input type="hidden" name="returnTo" value="${p.path}" />
            <button type="submit">Switch user</button>
          </form>
          <form class="theme-switch" method="post" action="/_shell/theme">
            <input type="hidden" name="colorMode" value="${p.colorMode === 'dark' ? 'light' : 'dark'}" />
            <input type="hidden" name="returnTo" value="${p.path}" />
            <button type="submit" role="switch" aria-checked="${p.colorMode === 'dark' ? 'true' : 'false'}">
              Dark theme
            </button>
          </form>
        </header>
        <main id="main">${p.body}</main>
        <div class="flags" id="flags" aria-live="polite"></div>
      </body>
    </html>
  `.text.trim();
}

const names = (users: readonly ShellUser[]) => (id: string) =>
  users.find((u) => u.accountId === id)?.displayName;

function blocks(list: TextBlock[]): Html {
  return markup`${list.map((b) =>
    b.kind === 'heading'
      ? markup`<h4>${b.text}</h4>`
      : b.kind === 'list'
        ? markup`<ul>
            ${b.items.map((i) => markup`<li>${i}</li>`)}
          </ul>`
        : markup`<p>${b.text}</p>`,
  )}`;
}

export function issueListBody(projects: ProjectIssues[]): Html {
  if (projects.length === 0)
    return markup`<h1>Issues</h1>
      <p>You cannot browse any project.</p>`;
  return markup`<h1>Issues</h1>
    ${projects.map(
      (p) =>
        markup`<section aria-labelledby="project-${p.projectKey}">
          <h2 id="project-${p.projectKey}">Project ${p.projectKey}</h2>
          ${
            p.issues.length === 0
              ? markup`<p>No issues yet.</p>`
              : markup`<table>
                  <thead>
                    <tr>
                      <th scope="col">Key</th>
                      <th scope="col">Summary</th>
                      <th scope="col">Reporter</th>
                      <th scope="col">Labels</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${p.issues.map(
                      (i) =>
                        markup`<tr>
                          <td><a href="/browse/${i.key}">${i.key}</a></td>
                          <td>${i.fields.summary}</td>
                          <td>${i.fields.reporter?.displayName ?? 'Unknown'}</td>
                          <td>${i.fields.labels.map((l) => markup`<span class="lozenge">${l}</span>`)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>`
          }
        </section>`,
    )}`;
}

export function activityFragment(comments: IssueComment[], users: readonly ShellUser[]): Html {
  const nameOf = names(users);
  if (comments.length === 0) return markup`<p>No comments yet.</p>`;
  return markup`${comments.map(
    (c) =>
      markup`<article class="comment" aria-label="Comment by ${c.author?.displayName ?? 'Unknown'}">
        <p class="comment-meta">
          <strong>${c.author?.displayName ?? 'Unknown'}</strong>
          <time datetime="${c.created}">${readableTime(c.created)}</time>
        </p>
        ${blocks(adfToBlocks(c.body, nameOf))}
      </article>`,
  )}`;
}

export function issueViewBody(issue: IssueDetail, action: HostedModule, users: readonly ShellUser[]): Html {
  const f = issue.fields;
  const frameSrc = `/_shell/open/${action.kind}?issue=${encodeURIComponent(issue.key)}`;
  return markup`<p class="breadcrumbs">Projects / ${f.project.name} / ${issue.key}</p>
    <div class="issue-header">
      <h1>${f.summary}</h1>
      <div class="more-actions">
          <button type="button" class="button" id="more-actions-button" aria-label="More actions"
            aria-haspopup="true" aria-expanded="false" aria-controls="more-actions-menu">•••</button>
          <ul id="more-actions-menu" hidden>
            <li><button type="button" data-open-action>${action.title}</button></li>
          </ul>
        </div>
    </div>
    <div class="issue-body">
      <section aria-labelledby="description-heading">
        <h2 id="description-heading">Description</h2>
        ${blocks(adfToBlocks(f.description, names(users)))}
        <h2 id="activity-heading">Activity</h2>
        <div id="activity" aria-labelledby="activity-heading" data-src="/browse/${issue.key}/activity">
          ${activityFragment(f.comment.comments, users)}
        </div>
      </section>
      <aside aria-label="Details">
        <dl class="details">
          <dt>Issue type</dt>
          <dd>${f.issuetype?.name ?? 'Unknown'}</dd>
          <dt>Reporter</dt>
          <dd>${f.reporter?.displayName ?? 'Unknown'}</dd>
          <dt>Labels</dt>
          <dd>
            ${f.labels.length === 0 ? 'None' : f.labels.map((l) => markup`<span class="lozenge">${l}</span>`)}
          </dd>
          <dt>Created</dt>
          <dd><time datetime="${f.created}">${readableTime(f.created)}</time></dd>
        </dl>
      </aside>
    </div>
    <dialog class="action-dialog" id="action-dialog" aria-labelledby="action-dialog-title">
      <div class="dialog-header">
        <h2 id="action-dialog-title">${action.title}</h2>
        <button type="button" class="button" data-close-dialog>Close</button>
      </div>
      <iframe
        class="action-frame"
        title="${action.title}"
        src="about:blank"
        data-src="${frameSrc}"
        sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"
      ></iframe>
    </dialog>`;
}

export function adminPageBody(admin: HostedModule): Html {
  return markup`<h1 class="visually-hidden">${admin.title}</h1>
    <iframe
      class="module-frame"
      data-autosize
      title="${admin.title}"
      src="/_shell/open/${admin.kind}"
      sandbox="allow-scripts allow-same-origin allow-forms allow-modals allow-popups allow-downloads"
    ></iframe>`;
}

export function messageBody(heading: string, text: string): Html {
  return markup`<h1>${heading}</h1>
    <p>${text}</p>
    <p><a href="/">Back to the issues</a></p>`;
}

/**
 * What a frame shows when its module's bundle was never built (started without `npm start`, which
 * builds first): the fix, instead of a bare "not found" inside the page.
 */
export function unbuiltModulePage(module: HostedModule, colorMode: ColorMode): string {
  return markup`<!doctype html>
    <html lang="en" data-color-mode="${colorMode}">
      <head>
        <meta charset="utf-8" />
        <title>${module.title} is not built</title>
        <link rel="stylesheet" href="/_shell/shell.css" />
      </head>
      <body>
        <main>
          <h1>${module.title} is not built</h1>
          <p>
            The local Jira shell serves the app's built pages, and ${module.resourceDir} has no index.html.
            Run <code>npm run build</code> and reload this page (<code>npm start</code> builds first).
          </p>
        </main>
      </body>
    </html>
  `.text.trim();
}
