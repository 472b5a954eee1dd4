/**
 * The browser side of the Custom UI bridge, served into each hosted frame as an external script:
 * `window.__bridge = { callBridge(name, payload) }`, the global @forge/bridge looks for.
 *
 * - getContext answers the context the server built for this frame (the platform's, not the page's).
 * - invoke posts { functionKey, payload } to the shell, which runs the module's resolver through the
 *   Forge gateway as the frame's user; a refused or failed invocation rejects, as on Forge.
 * - navigate/open, showFlag/closeFlag, close/submit and refresh are messages to the host page (the
 *   Jira "chrome"), which owns navigation, flags and the modal.
 * - enableTheming sets the colour-mode attributes the design tokens key on, in the mode the frame was
 *   opened under (the shell's theme switch reloads the page, so an open frame's mode never changes).
 * - Calls that only matter inside Atlassian's product (resize, ready events, metrics, feature flags)
 *   resolve with nothing; anything else rejects with a message naming the call.
 */
import type { FrameContext } from './frame-context';
import { dataThemeAttribute, themeState } from './theme';

/** JSON that is safe anywhere in a script, also after a `<` (no `</script>` can appear). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function bridgeScript(frame: FrameContext, adminPagePath: string): string {
  const theme = themeState(frame.colorMode);
  const config = {
    frameId: frame.frameId,
    context: frame.view,
    invokeUrl: `/_shell/frames/${frame.frameId}/invoke`,
    adminModuleKey: frame.module.kind === 'adminPage' ? frame.module.key : null,
    adminPagePath,
    colorMode: theme.colorMode,
    dataTheme: dataThemeAttribute(theme),
  };
  return `// Local Jira shell: the Custom UI bridge for frame ${frame.frameId}.
(function () {
  'use strict';
  var CONFIG = ${scriptJson(config)};
  var QUIET = ['resize', 'emitReadyEvent', 'changeWindowTitle', 'emitFrontendCustomMetric', 'initFeatureFlags',
    'on', 'onPublic', 'onClose', 'emit', 'emitPublic', 'trackObjectStoreAction'];

  function toHost(message) {
    message.source = 'scim-unlock-shell-frame';
    message.frameId = CONFIG.frameId;
    window.parent.postMessage(message, window.location.origin);
  }

  function urlOf(location) {
    if (typeof location === 'string') {
      if (/^https?:\\/\\//i.test(location) || location.charAt(0) === '/') return location;
      throw new Error('The local Jira shell navigates to absolute or site-relative URLs only.');
    }
    if (location && location.target === 'issue' && typeof location.issueKey === 'string') {
      return '/browse/' + encodeURIComponent(location.issueKey);
    }
    if (location && location.target === 'module' && location.moduleKey === CONFIG.adminModuleKey) {
      return CONFIG.adminPagePath;
    }
    if (location && location.target === 'module') return CONFIG.adminPagePath;
    throw new Error('The local Jira shell cannot navigate to this location.');
  }

  function invoke(payload) {
    var body = JSON.stringify({ functionKey: payload.functionKey, payload: payload.payload });
    return fetch(CONFIG.invokeUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      credentials: 'same-origin',
      body: body,
    }).then(function (res) {
      return res.json().then(function (answer) {
        if (!res.ok) throw new Error(answer && answer.message ? answer.message : 'The resolver call failed.');
        return payload.metadata ? { body: answer.result, metadata: {} } : answer.result;
      });
    });
  }

  function callBridge(name, payload) {
    try {
      switch (name) {
        case 'getContext':
          return Promise.resolve(JSON.parse(JSON.stringify(CONFIG.context)));
        case 'getFrameId':
          return Promise.resolve(CONFIG.frameId);
        case 'invoke':
          return invoke(payload || {});
        case 'enableTheming':
          document.documentElement.setAttribute('data-color-mode', CONFIG.colorMode);
          document.documentElement.setAttribute('data-theme', CONFIG.dataTheme);
          return Promise.resolve();
        case 'navigate':
          toHost({ type: 'navigate', url: urlOf(payload && payload.url !== undefined ? payload.url : payload),
            newTab: !!payload && payload.type === 'new-tab' });
          return Promise.resolve();
        case 'getUrl':
          return Promise.resolve(new URL(urlOf(payload), window.location.origin));
        case 'reload':
        case 'refresh':
          toHost({ type: 'refresh' });
          return Promise.resolve();
        case 'showFlag':
          toHost({ type: 'showFlag', flag: {
            id: String(payload.id), title: String(payload.title || ''),
            description: String(payload.description || ''), type: String(payload.type || 'info') } });
          return Promise.resolve();
        case 'closeFlag':
          toHost({ type: 'closeFlag', id: String(payload && payload.id) });
          return Promise.resolve();
        case 'close':
        case 'submit':
          toHost({ type: 'close' });
          return Promise.resolve();
        default:
          if (QUIET.indexOf(name) >= 0) return Promise.resolve();
          return Promise.reject(new Error('The local Jira shell does not implement the bridge call "' + name + '".'));
      }
    } catch (err) {
      return Promise.reject(err);
    }
  }

  window.__bridge = { callBridge: callBridge };
})();
`;
}
