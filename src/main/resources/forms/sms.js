/*
 * The "Send SMS" form opened from the contact record. Everything shown from the contact or the portal is set as text
 * (textContent, option text), never as markup. The link's portal, contact and token come from the page's address.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var link = {
    portalId: params.get('portalId') || '',
    contactId: params.get('contactId') || '',
    token: params.get('token') || ''
  };
  var FIELDS = ['sender', 'message', 'shorten-urls'];
  var FIELD_OF = { sender: 'sender', message: 'message', shortenUrls: 'shorten-urls' };
  var ENCODINGS = { GSM7: 'GSM-7', GSM7_PT: 'GSM-7 (Portuguese tables)', UCS2: 'UCS-2' };

  function el(id) { return document.getElementById(id); }

  var form = el('sms-form');
  var sender = el('sender');
  var message = el('message');
  var picker = el('token-picker');
  var send = el('send-sms');
  var result = el('form-result');
  var contactName = '';
  var done = false;

  function query() {
    return '?portalId=' + encodeURIComponent(link.portalId) + '&contactId=' + encodeURIComponent(link.contactId)
      + '&token=' + encodeURIComponent(link.token);
  }

  function showResult(text, kind) {
    result.textContent = text;
    result.className = 'result ' + (kind || '');
  }

  function fieldError(field, text) {
    var box = el(field + '-error');
    var input = el(field);
    if (!box || !input) { return false; }
    box.textContent = text || '';
    box.hidden = !text;
    if (text) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
    return true;
  }

  function clearErrors() { FIELDS.forEach(function (f) { fieldError(f, ''); }); }

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

  // --- message tools -------------------------------------------------------------------------------------------

  function insertAtCursor(text) {
    var value = message.value;
    var start = typeof message.selectionStart === 'number' ? message.selectionStart : value.length;
    var end = typeof message.selectionEnd === 'number' ? message.selectionEnd : value.length;
    message.value = value.slice(0, start) + text + value.slice(end);
    var caret = start + text.length;
    message.focus();
    message.setSelectionRange(caret, caret);
    scheduleCount();
  }

  el('insert-token').addEventListener('click', function () {
    if (!picker.value) {
      picker.focus();
      return;
    }
    insertAtCursor('{{contact.' + picker.value + '}}');
  });

  el('add-unsubscribe').addEventListener('click', function () { insertAtCursor('{UNSUB_URL}'); });

  // --- live counter (the connector's analysis API: the same count a send makes) ----------------------------------

  var timer = null;
  var latest = 0;

  function scheduleCount() {
    if (timer) { clearTimeout(timer); }
    timer = setTimeout(count, 150);
  }

  function count() {
    var text = message.value;
    var mine = ++latest;
    fetch('/api/v1/messages/analyze', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: text, encoding: 'auto' })
    }).then(readJson).then(function (answer) {
      if (mine === latest) { renderCount(text, answer); }
    }).catch(function () {
      if (mine === latest) { el('counter-warning').textContent = 'The counter is not available right now.'; }
    });
  }

  function renderCount(text, answer) {
    var warning = el('counter-warning');
    el('counter-characters').textContent = String(Array.from(text).length);
    if (!answer.ok || !answer.body) {
      warning.textContent = errorText(answer);
      return;
    }
    var analysis = answer.body;
    el('counter-encoding').textContent = ENCODINGS[analysis.encoding] || String(analysis.encoding);
    el('counter-parts').textContent = String(analysis.segments);
    var notes = [];
    if (analysis.encoding === 'UCS2') {
      // The characters that alone force UCS-2; when only their mix does, all those outside GSM-7.
      var forcing = Array.isArray(analysis.ucs2Characters) && analysis.ucs2Characters.length ? analysis.ucs2Characters
        : (Array.isArray(analysis.nonGsmCharacters) ? analysis.nonGsmCharacters : []);
      if (forcing.length) {
        notes.push('UCS-2 (70 characters per part) because of: ' + forcing.join(' '));
      }
    }
    if (typeof analysis.error === 'string') {
      notes.push(analysis.error);
    } else if (analysis.segments >= 4) {
      notes.push('This message is ' + analysis.segments + ' parts long; at most 5 parts can be sent.');
    }
    warning.textContent = notes.join(' ');
  }

  message.addEventListener('input', scheduleCount);

  // --- send ------------------------------------------------------------------------------------------------------

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (done || send.disabled) { return; }
    clearErrors();
    var missing = false;
    if (!sender.value.trim()) { fieldError('sender', 'Enter the sender.'); missing = true; }
    if (!message.value.trim()) { fieldError('message', 'Enter the message.'); missing = true; }
    if (missing) {
      showResult('Fix the fields marked above.', 'error');
      (sender.value.trim() ? message : sender).focus();
      return;
    }
    send.disabled = true;
    showResult('Sending…', '');
    fetch('/forms/sms/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        portalId: link.portalId,
        contactId: link.contactId,
        token: link.token,
        sender: sender.value,
        message: message.value,
        shortenUrls: el('shorten-urls').value === 'true'
      })
    }).then(readJson).then(function (answer) {
      if (answer.ok) {
        done = true;
        showResult(answer.body && answer.body.message ? answer.body.message : 'SMS sent successfully', 'success');
        Array.prototype.forEach.call(form.elements, function (control) { control.disabled = true; });
        return;
      }
      send.disabled = false;
      var field = answer.body && FIELD_OF[answer.body.field];
      if (field && fieldError(field, errorText(answer))) {
        showResult('Fix the field marked above.', 'error');
        el(field).focus();
      } else {
        showResult(errorText(answer), 'error');
      }
    }).catch(function () {
      send.disabled = false;
      showResult('The connector could not be reached; try again.', 'error');
    });
  });

  // --- load --------------------------------------------------------------------------------------------------------

  function load() {
    fetch('/forms/sms/context' + query(), { headers: { Accept: 'application/json' } }).then(readJson).then(function (answer) {
      el('form-loading').hidden = true;
      if (!answer.ok || !answer.body) {
        showResult(errorText(answer), 'error');
        return;
      }
      var context = answer.body;
      contactName = context.contactName || '';
      el('form-title').textContent = 'Send SMS to ' + contactName;
      send.textContent = 'Send SMS to ' + contactName;
      (context.properties || []).forEach(function (property) {
        var option = document.createElement('option');
        option.value = property.name;
        option.text = property.label + ' (' + property.name + ')';
        picker.appendChild(option);
      });
      form.hidden = false;
      if (!context.marketingContact) {
        var notice = el('not-marketing');
        notice.textContent = contactName + ' is not a marketing contact: SMS can be sent from the contact record to '
          + 'marketing contacts only.';
        notice.hidden = false;
        send.disabled = true;
      }
      count();
      sender.focus();
    }).catch(function () {
      el('form-loading').hidden = true;
      showResult('The connector could not be reached; reload the form.', 'error');
    });
  }

  load();
}());
