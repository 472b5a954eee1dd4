/**
 * The host page's own script and stylesheet (the Jira "chrome"), served as files so the host pages keep
 * a CSP without inline script or style.
 *
 * The script: submits the user switcher on change; closes the "•••" menu on Escape or a click outside
 * it; opens the issue action in its modal (a fresh frame
 * each time) and tears the frame down on close; answers the bridge messages of hosted frames —
 * navigation, flags, close, refresh (re-reads the activity) — from same-origin frames on this
 * page only.
 */
export const HOST_SCRIPT = `// Local Jira shell: host page behaviour.
(function () {
  'use strict';
  var switcher = document.getElementById('user-switcher');
  if (switcher) {
    var select = switcher.querySelector('select');
    if (select) select.addEventListener('change', function () { switcher.submit(); });
  }

  var dialog = document.getElementById('action-dialog');
  var actionFrame = dialog ? dialog.querySelector('iframe') : null;
  var menuButton = document.getElementById('more-actions-button');
  var menu = document.getElementById('more-actions-menu');
  function setMenu(open) {
    if (!menu || !menuButton) return;
    menu.hidden = !open;
    menuButton.setAttribute('aria-expanded', open ? 'true' : 'false');
  }
  if (menuButton) menuButton.addEventListener('click', function () { setMenu(menu.hidden); });
  // As Jira's dropdowns: Escape or a click elsewhere closes the menu.
  document.addEventListener('keydown', function (event) {
    if (event.key !== 'Escape' || !menu || menu.hidden) return;
    setMenu(false);
    menuButton.focus();
  });
  document.addEventListener('click', function (event) {
    if (!menu || menu.hidden || menuButton.contains(event.target) || menu.contains(event.target)) return;
    setMenu(false);
  });

  function refreshActivity() {
    var activity = document.getElementById('activity');
    if (!activity) return Promise.resolve();
    return fetch(activity.getAttribute('data-src'), { credentials: 'same-origin' })
      .then(function (res) { return res.ok ? res.text() : Promise.reject(new Error('activity')); })
      .then(function (text) { activity.innerHTML = text; })
      .catch(function () { showFlag({ id: 'activity', type: 'error', title: 'The issue could not be refreshed.', description: 'Reload the page.' }); });
  }

  function closeDialog() {
    if (!dialog || !dialog.open) return;
    dialog.close();
  }
  if (dialog) {
    dialog.addEventListener('close', function () {
      if (actionFrame) actionFrame.setAttribute('src', 'about:blank');
      refreshActivity();
    });
    var closeButton = dialog.querySelector('[data-close-dialog]');
    if (closeButton) closeButton.addEventListener('click', closeDialog);
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-open-action]'), function (button) {
    button.addEventListener('click', function () {
      setMenu(false);
      if (!dialog || !actionFrame) return;
      actionFrame.setAttribute('src', actionFrame.getAttribute('data-src'));
      dialog.showModal();
    });
  });

  // Jira sizes an admin page's frame to its content; same-origin frames let the shell do it directly.
  Array.prototype.forEach.call(document.querySelectorAll('iframe[data-autosize]'), function (frame) {
    var observer = null;
    function watch() {
      if (observer) observer.disconnect();
      var doc = frame.contentDocument;
      if (!doc || !doc.body || typeof ResizeObserver === 'undefined') return;
      // The content's height: <html> and <body> may be sized to the frame itself, their children are not.
      observer = new ResizeObserver(function () {
        var height = 0;
        Array.prototype.forEach.call(doc.body.children, function (el) {
          height = Math.max(height, el.getBoundingClientRect().bottom + doc.defaultView.scrollY);
        });
        frame.style.height = Math.max(Math.ceil(height) + 24, 400) + 'px';
      });
      Array.prototype.forEach.call(doc.body.children, function (el) {
        observer.observe(el);
      });
    }
    frame.addEventListener('load', watch);
    // The frame may have finished loading before this deferred script ran.
    var loaded = frame.contentDocument;
    if (loaded && loaded.readyState === 'complete' && loaded.location.href !== 'about:blank') watch();
  });

  var flags = document.getElementById('flags');
  function showFlag(flag) {
    if (!flags) return;
    closeFlag(flag.id);
    var item = document.createElement('div');
    item.className = 'flag flag-' + flag.type;
    item.setAttribute('data-flag-id', flag.id);
    item.setAttribute('role', flag.type === 'error' ? 'alert' : 'status');
    var title = document.createElement('strong');
    title.textContent = flag.title;
    item.appendChild(title);
    if (flag.description) {
      var text = document.createElement('p');
      text.textContent = flag.description;
      item.appendChild(text);
    }
    var dismiss = document.createElement('button');
    dismiss.type = 'button';
    dismiss.className = 'flag-dismiss';
    dismiss.textContent = 'Dismiss';
    dismiss.addEventListener('click', function () { item.remove(); });
    item.appendChild(dismiss);
    flags.appendChild(item);
  }
  function closeFlag(id) {
    if (!flags) return;
    Array.prototype.forEach.call(flags.querySelectorAll('[data-flag-id]'), function (el) {
      if (el.getAttribute('data-flag-id') === id) el.remove();
    });
  }

  function fromHostedFrame(event) {
    if (event.origin !== window.location.origin) return false;
    var frames = document.querySelectorAll('iframe');
    for (var i = 0; i < frames.length; i += 1) if (frames[i].contentWindow === event.source) return true;
    return false;
  }

  window.addEventListener('message', function (event) {
    var m = event.data;
    if (!m || m.source !== 'scim-unlock-shell-frame' || !fromHostedFrame(event)) return;
    switch (m.type) {
      case 'navigate':
        if (typeof m.url !== 'string') return;
        if (m.newTab) window.open(m.url, '_blank', 'noopener');
        else window.location.assign(m.url);
        return;
      case 'showFlag':
        if (m.flag) showFlag(m.flag);
        return;
      case 'closeFlag':
        closeFlag(m.id);
        return;
      case 'close':
        closeDialog();
        return;
      case 'refresh':
        if (document.getElementById('activity')) refreshActivity();
        else window.location.reload();
        return;
    }
  });
})();
`;

export const HOST_STYLES = `/* Local Jira shell: a plain, Jira-like frame around the app's modules. Colours are the
   light and dark values of Atlassian's design tokens (@atlaskit/tokens 20.7), so the chrome matches the
   frames; <html data-color-mode> picks the set (see theme.ts). */
:root { color-scheme: light;
  --shell-surface: #ffffff; --shell-raised: #ffffff; --shell-text: #292a2e; --shell-subtle: #505258;
  --shell-link: #1868db; --shell-border: #0b120e24; --shell-input: #8c8f97; --shell-hover: #e9f2fe;
  --shell-lozenge: #0515240f; --shell-on-brand: #ffffff; --shell-shadow: rgba(30, 31, 33, 0.25);
  --shell-backdrop: #050c1f75; --shell-success: #6a9a23; --shell-error: #e2483d; --shell-warning: #e06c00; }
:root[data-color-mode='dark'] { color-scheme: dark;
  --shell-surface: #1f1f21; --shell-raised: #2b2c2f; --shell-text: #cecfd2; --shell-subtle: #a9abaf;
  --shell-link: #669df1; --shell-border: #e3e4f21f; --shell-input: #7e8188; --shell-hover: #1c2b42;
  --shell-lozenge: #ceced912; --shell-on-brand: #1f1f21; --shell-shadow: rgba(1, 4, 4, 0.5);
  --shell-backdrop: #10121499; --shell-success: #82b536; --shell-error: #f15b50; --shell-warning: #f68909; }
* { box-sizing: border-box; }
body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Noto Sans', Ubuntu, sans-serif;
  font-size: 14px; color: var(--shell-text); background: var(--shell-surface); }
a { color: var(--shell-link); }
code { font-family: SFMono-Medium, 'SF Mono', Menlo, Consolas, monospace; }
.topbar { display: flex; align-items: center; gap: 24px; padding: 8px 24px; background: var(--shell-surface);
  border-bottom: 1px solid var(--shell-border); }
.brand { font-weight: 600; font-size: 16px; color: var(--shell-text); text-decoration: none; }
.topbar nav ul { display: flex; gap: 16px; list-style: none; margin: 0; padding: 0; }
.topbar nav a { color: var(--shell-subtle); text-decoration: none; font-weight: 500; }
.topbar nav a[aria-current='page'] { color: var(--shell-link); border-bottom: 2px solid var(--shell-link); }
.switcher { margin-left: auto; display: flex; align-items: center; gap: 8px; }
.switcher select, .switcher button, .button, .theme-switch button { font: inherit; padding: 4px 10px;
  border-radius: 3px; border: 1px solid var(--shell-input); background: var(--shell-surface); color: var(--shell-text); }
.theme-switch { margin: 0; }
.theme-switch button { display: inline-flex; align-items: center; gap: 8px; cursor: pointer; }
.theme-switch button::before { content: ''; width: 28px; height: 16px; border-radius: 8px; flex: none;
  background: radial-gradient(circle at 8px 50%, var(--shell-surface) 5px, var(--shell-input) 6px); }
.theme-switch button[aria-checked='true']::before {
  background: radial-gradient(circle at 20px 50%, var(--shell-surface) 5px, var(--shell-link) 6px); }
.button-primary { background: var(--shell-link); border-color: var(--shell-link); color: var(--shell-on-brand); }
main { padding: 24px; max-width: 1200px; margin: 0 auto; }
.sandbox-note { color: var(--shell-subtle); }
table { border-collapse: collapse; width: 100%; margin-bottom: 24px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--shell-border); vertical-align: top; }
th { color: var(--shell-subtle); font-weight: 600; }
.lozenge { display: inline-block; padding: 0 4px; border-radius: 3px; background: var(--shell-lozenge);
  color: var(--shell-text); font-size: 11px; font-weight: 700; text-transform: uppercase; margin-right: 4px; }
.module-frame { width: 100%; height: 800px; border: 0; display: block; }
.issue-header { display: flex; align-items: center; justify-content: space-between; gap: 16px; }
.breadcrumbs { color: var(--shell-subtle); margin: 0 0 8px; }
.more-actions { position: relative; }
.more-actions ul { position: absolute; right: 0; z-index: 2; list-style: none; margin: 4px 0 0; padding: 4px 0;
  background: var(--shell-raised); border: 1px solid var(--shell-border); border-radius: 3px; min-width: 240px;
  box-shadow: 0 4px 8px var(--shell-shadow); }
.more-actions li button { width: 100%; text-align: left; border: 0; background: none; padding: 8px 12px; font: inherit;
  color: var(--shell-text); cursor: pointer; }
.more-actions li button:hover, .more-actions li button:focus { background: var(--shell-hover); }
.issue-body { display: grid; grid-template-columns: 2fr 1fr; gap: 32px; }
.details dt { color: var(--shell-subtle); font-weight: 600; }
.details dd { margin: 0 0 12px; }
.comment { border-top: 1px solid var(--shell-border); padding: 8px 0; }
.comment-meta { color: var(--shell-subtle); margin: 0 0 4px; }
dialog.action-dialog { width: min(720px, 95vw); padding: 0; border: 0; border-radius: 3px;
  background: var(--shell-surface); color: var(--shell-text); box-shadow: 0 8px 24px var(--shell-shadow); }
dialog.action-dialog::backdrop { background: var(--shell-backdrop); }
.dialog-header { display: flex; justify-content: space-between; align-items: center; padding: 16px 24px 0; }
.dialog-header h2 { margin: 0; font-size: 20px; }
.action-frame { width: 100%; height: 560px; border: 0; display: block; }
.flags { position: fixed; left: 24px; bottom: 24px; z-index: 10; display: flex; flex-direction: column; gap: 8px; }
.flag { width: 360px; padding: 12px 16px; border-radius: 3px; background: var(--shell-raised); color: var(--shell-text);
  box-shadow: 0 8px 12px var(--shell-shadow); border-left: 4px solid var(--shell-link); }
.flag-success { border-left-color: var(--shell-success); }
.flag-error { border-left-color: var(--shell-error); }
.flag-warning { border-left-color: var(--shell-warning); }
.flag p { margin: 4px 0 8px; }
.flag-dismiss { font: inherit; border: 0; background: none; color: var(--shell-link); padding: 0; cursor: pointer; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
