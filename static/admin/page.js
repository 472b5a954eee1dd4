/* global document, window */
// Calls the `overview` resolver through the Custom UI bridge and shows the answer as text.
(function () {
  var out = document.getElementById('result');
  var bridge = window.__bridge;
  if (!bridge || typeof bridge.callBridge !== 'function') {
    out.textContent = 'Open this page inside Jira (or the local sandbox) to load data.';
    return;
  }
  bridge
    .callBridge('invoke', { functionKey: 'overview', payload: {} })
    .then(function (result) {
      out.textContent = JSON.stringify(result, null, 2);
    })
    .catch(function () {
      out.textContent = 'The overview could not be loaded.';
    });
})();
