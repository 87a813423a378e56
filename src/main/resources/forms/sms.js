/*
 * The "Send SMS" form opened from the contact record (what the forms share is in form.js). Everything shown from the
 * contact or the portal is set as text (textContent, option text), never as markup.
 */
(function () {
  'use strict';

  var el = SendForm.el;
  var FIELDS = ['sender', 'message', 'shorten-urls'];
  var FIELD_OF = { sender: 'sender', message: 'message', shortenUrls: 'shorten-urls' };
  var ENCODINGS = { GSM7: 'GSM-7', GSM7_PT: 'GSM-7 (Portuguese tables)', UCS2: 'UCS-2' };

  var form = el('sms-form');
  var sender = el('sender');
  var message = el('message');
  var picker = el('token-picker');
  var send = el('send-sms');

  // --- message tools -------------------------------------------------------------------------------------------

  function insertAtCursor(text) {
    SendForm.insertAtCursor(message, text);
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
    }).then(SendForm.readJson).then(function (answer) {
      if (mine === latest) { renderCount(text, answer); }
    }).catch(function () {
      if (mine === latest) { el('counter-warning').textContent = 'The counter is not available right now.'; }
    });
  }

  function renderCount(text, answer) {
    var warning = el('counter-warning');
    el('counter-characters').textContent = String(Array.from(text).length);
    if (!answer.ok || !answer.body) {
      warning.textContent = SendForm.errorText(answer);
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

  SendForm.onSubmit({
    form: form,
    send: send,
    path: '/forms/sms/send',
    fields: FIELDS,
    fieldOf: FIELD_OF,
    sent: 'SMS sent successfully',
    check: function () {
      var missing = false;
      if (!sender.value.trim()) { SendForm.fieldError('sender', 'Enter the sender.'); missing = true; }
      if (!message.value.trim()) { SendForm.fieldError('message', 'Enter the message.'); missing = true; }
      if (missing) {
        SendForm.showResult('Fix the fields marked above.', 'error');
        (sender.value.trim() ? message : sender).focus();
      }
      return !missing;
    },
    body: function () {
      return { sender: sender.value, message: message.value, shortenUrls: el('shorten-urls').value === 'true' };
    }
  });

  // --- load --------------------------------------------------------------------------------------------------------

  SendForm.load('/forms/sms/context', function (context) {
    var contactName = context.contactName || '';
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
  });
}());
