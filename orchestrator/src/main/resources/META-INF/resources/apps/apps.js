// The apps dashboard over the admin API (/admin/apps, RFC 7591 names). Every value from the server or the user
// reaches the DOM through textContent or a property, never as markup: the page's policy requires Trusted Types
// for script sinks, so an innerHTML with a string would throw rather than run.
'use strict';

(() => {
  // sessionStorage: the token lives as long as this tab, is not shared with other tabs, and is never put in a URL.
  const TOKEN_KEY = 'tandem.adminToken';
  const API = '/admin/apps';

  const $ = (id) => document.getElementById(id);

  /** A refusal of the admin API: the problem+json detail (RFC 9457) is what the user reads. */
  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  async function api(method, path, body) {
    const headers = {Accept: 'application/json, application/problem+json', Authorization: 'Bearer ' + token()};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store', credentials: 'omit', redirect: 'error',
      });
    } catch (e) {
      throw new ApiError(0, 'the orchestrator could not be reached (' + e.message + ')');
    }
    const text = await response.text();
    let json = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch (e) {
      json = null;
    }
    if (!response.ok) {
      const detail = json && typeof json.detail === 'string' ? json.detail
          : 'HTTP ' + response.status + (response.statusText ? ' ' + response.statusText : '');
      throw new ApiError(response.status, detail);
    }
    return json;
  }

  function show(element, message) {
    element.textContent = message;
    element.hidden = !message;
  }

  function showError(message) {
    show($('notice'), '');
    show($('error'), message);
  }

  function showNotice(message) {
    show($('error'), '');
    show($('notice'), message);
  }

  /** An unknown token is forgotten: the user is asked for another one rather than refused on every click. */
  function handle(error, inDialog) {
    if (error.status === 401) {
      sessionStorage.removeItem(TOKEN_KEY);
      closeDialogs();
      signedIn(false);
      showError(error.message);
    } else if (inDialog) {
      show(inDialog, error.message);
    } else {
      showError(error.message);
    }
  }

  function signedIn(yes) {
    $('signed-out').hidden = yes;
    $('signed-in').hidden = !yes;
    if (!yes) {
      $('apps-body').replaceChildren();
      $('token').focus();
    }
  }

  function closeDialogs() {
    for (const dialog of document.querySelectorAll('dialog[open]')) {
      dialog.close();
    }
  }

  function cell(row, text, className) {
    const td = row.insertCell();
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  function button(label, className, onClick) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = label;
    b.className = className;
    b.addEventListener('click', onClick);
    return b;
  }

  function label(app) {
    return app.client_name + ' (' + app.client_id + ')';
  }

  function renderApps(apps) {
    const body = $('apps-body');
    body.replaceChildren();
    for (const app of apps) {
      const row = body.insertRow();
      row.dataset.clientId = app.client_id;
      cell(row, app.client_name, 'name');
      cell(row, app.client_id, 'client-id mono');
      const publicClient = app.token_endpoint_auth_method === 'none';
      cell(row, (publicClient ? 'public' : 'confidential') + ' · ' + app.token_endpoint_auth_method
          + (app.secret_rotating ? ' · old secret still valid' : ''), 'type');
      const uris = cell(row, '', 'redirect-uris mono');
      for (const uri of app.redirect_uris || []) {
        const line = document.createElement('div');
        line.textContent = uri;
        uris.append(line);
      }
      cell(row, app.scope || '', 'scope mono');
      const actions = cell(row, '', 'actions');
      if (!publicClient) {
        actions.append(button('Rotate secret', 'secondary rotate', () => openRotate(app)));
      }
      actions.append(button('Delete', 'danger delete', () => openDelete(app)));
    }
    $('apps-count').textContent = '(' + apps.length + ')';
    $('no-apps').hidden = apps.length > 0;
  }

  async function refresh() {
    try {
      const answer = await api('GET', API);
      signedIn(true);
      renderApps(answer.apps);
      return true;
    } catch (e) {
      handle(e);
      return false;
    }
  }

  /** The secret is in the DOM only while this dialog is open, and in no variable once it closes. */
  function showSecret(app) {
    $('secret-client-id').textContent = app.client_id;
    $('secret-value').textContent = app.client_secret;
    $('secret-dialog').showModal();
  }

  function forgetSecret() {
    $('secret-value').textContent = '';
    $('secret-client-id').textContent = '';
    $('secret-copy').textContent = 'Copy secret';
  }

  async function copySecret() {
    const value = $('secret-value').textContent;
    try {
      await navigator.clipboard.writeText(value);
      $('secret-copy').textContent = 'Copied';
    } catch (e) {
      // The clipboard API needs a secure context (https or localhost): select the text for a manual copy instead.
      const range = document.createRange();
      range.selectNodeContents($('secret-value'));
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      $('secret-copy').textContent = 'Selected: press Ctrl+C';
    }
  }

  function openCreate() {
    $('create-form').reset();
    show($('create-error'), '');
    $('create-dialog').showModal();
  }

  async function create(event) {
    event.preventDefault();
    const form = $('create-form');
    const registration = {
      client_name: form.elements.client_name.value.trim(),
      redirect_uris: form.elements.redirect_uris.value.split('\n').map((uri) => uri.trim()).filter((uri) => uri),
      token_endpoint_auth_method: form.elements['auth-method'].value,
    };
    const scope = form.elements.scope.value.trim();
    if (scope) {
      registration.scope = scope;
    }
    $('create-submit').disabled = true;
    try {
      const app = await api('POST', API, registration);
      $('create-dialog').close();
      showNotice('Created ' + label(app) + '.');
      await refresh();
      if (app.client_secret) {
        showSecret(app);
      }
    } catch (e) {
      handle(e, $('create-error'));
    } finally {
      $('create-submit').disabled = false;
    }
  }

  // The confirmation dialog's pending action: its API call answers what to do once the dialog has closed.
  let pending = null;

  function askToConfirm(app, {title, text, submit, danger, revokeOption, run}) {
    pending = {app, run};
    $('confirm-title').textContent = title;
    $('confirm-text').textContent = text;
    $('confirm-option').hidden = !revokeOption;
    $('confirm-revoke-old').checked = false;
    $('confirm-submit').textContent = submit;
    $('confirm-submit').className = danger ? 'danger' : '';
    show($('confirm-error'), '');
    $('confirm-dialog').showModal();
  }

  async function confirmed(event) {
    event.preventDefault();
    $('confirm-submit').disabled = true;
    try {
      const then = await pending.run(pending.app, $('confirm-revoke-old').checked);
      $('confirm-dialog').close();
      await then();
    } catch (e) {
      handle(e, $('confirm-error'));
    } finally {
      $('confirm-submit').disabled = false;
    }
  }

  function openRotate(app) {
    askToConfirm(app, {
      title: 'Rotate the secret', text: 'A new secret is generated for ' + label(app) + '.', submit: 'Rotate',
      danger: false, revokeOption: true,
      run: async (target, revokeOld) => {
        const rotated = await api('POST', API + '/' + encodeURIComponent(target.client_id) + '/rotate-secret',
            {revoke_old: revokeOld});
        return async () => {
          showNotice('Rotated the secret of ' + label(rotated) + (revokeOld ? '; the old one is revoked.'
              : '; the old one stays valid until the next rotation.'));
          await refresh();
          showSecret(rotated);
        };
      },
    });
  }

  function openDelete(app) {
    askToConfirm(app, {
      title: 'Delete the app?', submit: 'Delete', danger: true, revokeOption: false,
      text: label(app) + ' is removed from both stores; its clients can no longer authenticate.',
      run: async (target) => {
        const deleted = await api('DELETE', API + '/' + encodeURIComponent(target.client_id));
        return async () => {
          showNotice('Deleted ' + label(deleted) + '.');
          await refresh();
        };
      },
    });
  }

  async function useToken(event) {
    event.preventDefault();
    const entered = $('token').value.trim();
    $('token').value = '';
    if (!entered) {
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, entered);
    if (await refresh()) {
      showNotice('');
    }
  }

  function forgetToken() {
    sessionStorage.removeItem(TOKEN_KEY);
    closeDialogs();
    signedIn(false);
    showNotice('The token is forgotten.');
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('token-form').addEventListener('submit', useToken);
    $('new-app').addEventListener('click', openCreate);
    $('refresh').addEventListener('click', refresh);
    $('forget-token').addEventListener('click', forgetToken);
    $('create-form').addEventListener('submit', create);
    $('create-cancel').addEventListener('click', () => $('create-dialog').close());
    $('confirm-form').addEventListener('submit', confirmed);
    $('confirm-cancel').addEventListener('click', () => $('confirm-dialog').close());
    $('confirm-dialog').addEventListener('close', () => { pending = null; });
    $('secret-copy').addEventListener('click', copySecret);
    $('secret-dialog').addEventListener('close', forgetSecret);
    if (token()) {
      refresh();
    } else {
      signedIn(false);
    }
  });
})();
