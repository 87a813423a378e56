/*
 * What the send forms opened from the contact record share: the link (portal, contact and token from the page's
 * address), the connector's JSON answers, field errors, the send and the load of the form's context. Everything shown
 * from the contact or the portal is set as text (textContent, option text), never as markup.
 */
var SendForm = (function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var link = {
    portalId: params.get('portalId') || '',
    contactId: params.get('contactId') || '',
    token: params.get('token') || ''
  };

  function el(id) { return document.getElementById(id); }

  function query() {
    return '?portalId=' + encodeURIComponent(link.portalId) + '&contactId=' + encodeURIComponent(link.contactId)
      + '&token=' + encodeURIComponent(link.token);
  }

  function showResult(text, kind) {
    var result = el('form-result');
    result.textContent = text;
    result.className = 'result ' + (kind || '');
  }

  // The control marked invalid for a field: its own element unless the form names another.
  function fieldError(field, text, control) {
    var box = el(field + '-error');
    var input = control ? control(field) : el(field);
    if (!box || !input) { return false; }
    box.textContent = text || '';
    box.hidden = !text;
    if (text) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
    return true;
  }

  function readJson(response) {
    return response.text().then(function (text) {
      var body = null;
      try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
      return { ok: response.ok, status: response.status, body: body };
    });
  }

  function errorText(answer) {
    return answer.body && typeof answer.body.message === 'string' ? answer.body.message
      : 'The connector answered ' + answer.status + '; try again.';
  }

  function insertAtCursor(area, text) {
    var value = area.value;
    var start = typeof area.selectionStart === 'number' ? area.selectionStart : value.length;
    var end = typeof area.selectionEnd === 'number' ? area.selectionEnd : value.length;
    area.value = value.slice(0, start) + text + value.slice(end);
    var caret = start + text.length;
    area.focus();
    area.setSelectionRange(caret, caret);
  }

  /*
   * Sends the form once. options: form, send (its button), path, fields (the form's field ids), fieldOf (the
   * connector's field names to those ids), control (optional, see fieldError), check() (false when it marked a missing
   * field), body() (the send's fields; the link is added), sent (the text shown when the answer has none).
   */
  function onSubmit(options) {
    var done = false;
    options.form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (done || options.send.disabled) { return; }
      options.fields.forEach(function (f) { fieldError(f, '', options.control); });
      if (!options.check()) { return; }
      var body = { portalId: link.portalId, contactId: link.contactId, token: link.token };
      var fields = options.body();
      Object.keys(fields).forEach(function (name) { body[name] = fields[name]; });
      options.send.disabled = true;
      showResult('Sending…', '');
      fetch(options.path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body)
      }).then(readJson).then(function (answer) {
        if (answer.ok) {
          done = true;
          showResult(answer.body && answer.body.message ? answer.body.message : options.sent, 'success');
          Array.prototype.forEach.call(options.form.elements, function (control) { control.disabled = true; });
          return;
        }
        options.send.disabled = false;
        var field = answer.body && options.fieldOf[answer.body.field];
        if (field && fieldError(field, errorText(answer), options.control)) {
          showResult('Fix the field marked above.', 'error');
          (options.control ? options.control(field) : el(field)).focus();
        } else {
          showResult(errorText(answer), 'error');
        }
      }).catch(function () {
        options.send.disabled = false;
        showResult('The connector could not be reached; try again.', 'error');
      });
    });
  }

  // Reads the form's context from path and hands it to show; a refusal or no answer is shown instead of the form.
  function load(path, show) {
    fetch(path + query(), { headers: { Accept: 'application/json' } }).then(readJson).then(function (answer) {
      el('form-loading').hidden = true;
      if (!answer.ok || !answer.body) {
        showResult(errorText(answer), 'error');
        return;
      }
      show(answer.body);
    }).catch(function () {
      el('form-loading').hidden = true;
      showResult('The connector could not be reached; reload the form.', 'error');
    });
  }

  return {
    el: el,
    showResult: showResult,
    fieldError: fieldError,
    readJson: readJson,
    errorText: errorText,
    insertAtCursor: insertAtCursor,
    onSubmit: onSubmit,
    load: load
  };
}());
