/**
 * The host page's own script and stylesheet (the Jira "chrome"), served as files so the host pages keep
 * a CSP without inline script or style.
 *
 * The script: submits the user switcher on change; opens the issue action in its modal (a fresh frame
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

export const HOST_STYLES = `/* Local Jira shell: a plain, Jira-like frame around the app's modules. */
* { box-sizing: border-box; }
body { margin: 0; font-family: -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Noto Sans', Ubuntu, sans-serif;
  font-size: 14px; color: #172b4d; background: #ffffff; }
a { color: #0c66e4; }
.topbar { display: flex; align-items: center; gap: 24px; padding: 8px 24px; background: #ffffff;
  border-bottom: 1px solid #dcdfe4; }
.brand { font-weight: 600; font-size: 16px; color: #172b4d; text-decoration: none; }
.topbar nav ul { display: flex; gap: 16px; list-style: none; margin: 0; padding: 0; }
.topbar nav a { color: #44546f; text-decoration: none; font-weight: 500; }
.topbar nav a[aria-current='page'] { color: #0c66e4; border-bottom: 2px solid #0c66e4; }
.switcher { margin-left: auto; display: flex; align-items: center; gap: 8px; }
.switcher select, .switcher button, .button { font: inherit; padding: 4px 10px; border-radius: 3px;
  border: 1px solid #8590a2; background: #ffffff; color: #172b4d; }
.button-primary { background: #0c66e4; border-color: #0c66e4; color: #ffffff; }
main { padding: 24px; max-width: 1200px; margin: 0 auto; }
.sandbox-note { color: #44546f; }
table { border-collapse: collapse; width: 100%; margin-bottom: 24px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #dcdfe4; vertical-align: top; }
th { color: #44546f; font-weight: 600; }
.lozenge { display: inline-block; padding: 0 4px; border-radius: 3px; background: #dcdfe4; color: #172b4d;
  font-size: 11px; font-weight: 700; text-transform: uppercase; margin-right: 4px; }
.module-frame { width: 100%; height: 800px; border: 0; display: block; }
.issue-header { display: flex; align-items: flex-start; justify-content: space-between; gap: 16px; }
.breadcrumbs { color: #44546f; margin: 0 0 8px; }
.more-actions { position: relative; }
.more-actions ul { position: absolute; right: 0; z-index: 2; list-style: none; margin: 4px 0 0; padding: 4px 0;
  background: #ffffff; border: 1px solid #dcdfe4; border-radius: 3px; min-width: 240px;
  box-shadow: 0 4px 8px rgba(9, 30, 66, 0.25); }
.more-actions li button { width: 100%; text-align: left; border: 0; background: none; padding: 8px 12px; font: inherit;
  color: #172b4d; cursor: pointer; }
.more-actions li button:hover, .more-actions li button:focus { background: #e9f2ff; }
.issue-body { display: grid; grid-template-columns: 2fr 1fr; gap: 32px; }
.details dt { color: #44546f; font-weight: 600; }
.details dd { margin: 0 0 12px; }
.comment { border-top: 1px solid #dcdfe4; padding: 8px 0; }
.comment-meta { color: #44546f; margin: 0 0 4px; }
dialog.action-dialog { width: min(720px, 95vw); padding: 0; border: 0; border-radius: 3px;
  box-shadow: 0 8px 24px rgba(9, 30, 66, 0.35); }
dialog.action-dialog::backdrop { background: rgba(9, 30, 66, 0.54); }
.dialog-header { display: flex; justify-content: space-between; align-items: center; padding: 16px 24px 0; }
.dialog-header h2 { margin: 0; font-size: 20px; }
.action-frame { width: 100%; height: 560px; border: 0; display: block; }
.flags { position: fixed; left: 24px; bottom: 24px; z-index: 10; display: flex; flex-direction: column; gap: 8px; }
.flag { width: 360px; padding: 12px 16px; border-radius: 3px; background: #ffffff; color: #172b4d;
  box-shadow: 0 8px 12px rgba(9, 30, 66, 0.25); border-left: 4px solid #0c66e4; }
.flag-success { border-left-color: #1f845a; }
.flag-error { border-left-color: #c9372c; }
.flag-warning { border-left-color: #b38600; }
.flag p { margin: 4px 0 8px; }
.flag-dismiss { font: inherit; border: 0; background: none; color: #0c66e4; padding: 0; cursor: pointer; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;
