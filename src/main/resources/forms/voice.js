/*
 * The "Send Voice Message" form opened from the contact record. Everything shown from the contact or the portal is
 * set as text (textContent, option text), never as markup. The link's portal, contact and token come from the page's
 * address.
 */
(function () {
  'use strict';

  var params = new URLSearchParams(window.location.search);
  var link = {
    portalId: params.get('portalId') || '',
    contactId: params.get('contactId') || '',
    token: params.get('token') || ''
  };
  var FIELDS = ['phone-property', 'country', 'caller', 'locution-type', 'language', 'voice', 'text', 'audio-url',
    'campaign-name'];
  var FIELD_OF = { phoneProperty: 'phone-property', country: 'country', caller: 'caller',
    locutionType: 'locution-type', language: 'language', voice: 'voice', text: 'text', audioUrl: 'audio-url',
    campaignName: 'campaign-name' };
  var VOICE_NAMES = { F: 'Female', M: 'Male' };
  var PHONE_PROPERTIES = ['mobilephone', 'phone', 'mobile_phone_360nrs'];

  function el(id) { return document.getElementById(id); }

  var form = el('voice-form');
  var text = el('text');
  var picker = el('token-picker');
  var language = el('language');
  var voice = el('voice');
  var send = el('send-voice');
  var result = el('form-result');
  var languages = {};
  var contactName = '';
  var done = false;

  function query() {
    return '?portalId=' + encodeURIComponent(link.portalId) + '&contactId=' + encodeURIComponent(link.contactId)
      + '&token=' + encodeURIComponent(link.token);
  }

  function showResult(message, kind) {
    result.textContent = message;
    result.className = 'result ' + (kind || '');
  }

  function fieldError(field, message) {
    var box = el(field + '-error');
    var input = field === 'locution-type' ? el('locution-tts') : el(field);
    if (!box || !input) { return false; }
    box.textContent = message || '';
    box.hidden = !message;
    if (message) { input.setAttribute('aria-invalid', 'true'); } else { input.removeAttribute('aria-invalid'); }
    return true;
  }

  function clearErrors() { FIELDS.forEach(function (f) { fieldError(f, ''); }); }

  function readJson(response) {
    return response.text().then(function (body) {
      var parsed = null;
      try { parsed = body ? JSON.parse(body) : null; } catch (e) { parsed = null; }
      return { ok: response.ok, status: response.status, body: parsed };
    });
  }

  function errorText(answer) {
    return answer.body && typeof answer.body.message === 'string' ? answer.body.message
      : 'The connector answered ' + answer.status + '; try again.';
  }

  function option(select, value, label) {
    var item = document.createElement('option');
    item.value = value;
    item.text = label;
    select.appendChild(item);
  }

  function locutionType() { return el('locution-audio').checked ? 'AUDIO' : 'TTS'; }

  function showLocution() {
    var audio = locutionType() === 'AUDIO';
    el('tts-fields').hidden = audio;
    el('audio-fields').hidden = !audio;
  }

  function showVoices() {
    while (voice.firstChild) { voice.removeChild(voice.firstChild); }
    (languages[language.value] || []).forEach(function (v) { option(voice, v, VOICE_NAMES[v] || v); });
  }

  el('locution-tts').addEventListener('change', showLocution);
  el('locution-audio').addEventListener('change', showLocution);
  language.addEventListener('change', showVoices);

  el('insert-token').addEventListener('click', function () {
    if (!picker.value) {
      picker.focus();
      return;
    }
    var token = '{{contact.' + picker.value + '}}';
    var value = text.value;
    var start = typeof text.selectionStart === 'number' ? text.selectionStart : value.length;
    var end = typeof text.selectionEnd === 'number' ? text.selectionEnd : value.length;
    text.value = value.slice(0, start) + token + value.slice(end);
    text.focus();
    text.setSelectionRange(start + token.length, start + token.length);
  });

  // --- send ------------------------------------------------------------------------------------------------------

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    if (done || send.disabled) { return; }
    clearErrors();
    var type = locutionType();
    if (type === 'TTS' && !text.value.trim()) {
      fieldError('text', 'Enter the text to speak.');
      showResult('Fix the field marked above.', 'error');
      text.focus();
      return;
    }
    if (type === 'AUDIO' && !el('audio-url').value.trim()) {
      fieldError('audio-url', 'Enter the https URL of the audio file.');
      showResult('Fix the field marked above.', 'error');
      el('audio-url').focus();
      return;
    }
    var body = {
      portalId: link.portalId,
      contactId: link.contactId,
      token: link.token,
      phoneProperty: el('phone-property').value,
      country: el('country').value,
      caller: el('caller').value,
      locutionType: type,
      campaignName: el('campaign-name').value
    };
    if (type === 'TTS') {
      body.language = language.value;
      body.voice = voice.value;
      body.text = text.value;
    } else {
      body.audioUrl = el('audio-url').value;
    }
    send.disabled = true;
    showResult('Sending…', '');
    fetch('/forms/voice/send', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body)
    }).then(readJson).then(function (answer) {
      if (answer.ok) {
        done = true;
        showResult(answer.body && answer.body.message ? answer.body.message : 'Voice message sent successfully',
          'success');
        Array.prototype.forEach.call(form.elements, function (control) { control.disabled = true; });
        return;
      }
      send.disabled = false;
      var field = answer.body && FIELD_OF[answer.body.field];
      if (field && fieldError(field, errorText(answer))) {
        showResult('Fix the field marked above.', 'error');
        (field === 'locution-type' ? el('locution-tts') : el(field)).focus();
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
    fetch('/forms/voice/context' + query(), { headers: { Accept: 'application/json' } }).then(readJson).then(function (answer) {
      el('form-loading').hidden = true;
      if (!answer.ok || !answer.body) {
        showResult(errorText(answer), 'error');
        return;
      }
      var context = answer.body;
      contactName = context.contactName || '';
      el('form-title').textContent = 'Send Voice Message to ' + contactName;
      send.textContent = 'Send Voice Message to ' + contactName;
      var phone = el('phone-property');
      (context.properties || []).forEach(function (property) {
        option(picker, property.name, property.label + ' (' + property.name + ')');
        if (PHONE_PROPERTIES.indexOf(property.name) >= 0 && property.name !== 'mobilephone') {
          option(phone, property.name, property.label + ' (' + property.name + ')');
        }
      });
      languages = context.languages || {};
      Object.keys(languages).forEach(function (code) { option(language, code, code); });
      showVoices();
      showLocution();
      form.hidden = false;
      el('caller').focus();
    }).catch(function () {
      el('form-loading').hidden = true;
      showResult('The connector could not be reached; reload the form.', 'error');
    });
  }

  load();
}());
