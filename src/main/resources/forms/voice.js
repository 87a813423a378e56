/*
 * The "Send Voice Message" form opened from the contact record (what the forms share is in form.js). Everything shown
 * from the contact or the portal is set as text (textContent, option text), never as markup.
 */
(function () {
  'use strict';

  var el = SendForm.el;
  var FIELDS = ['phone-property', 'country', 'caller', 'locution-type', 'language', 'voice', 'text', 'audio-url',
    'campaign-name'];
  var FIELD_OF = { phoneProperty: 'phone-property', country: 'country', caller: 'caller',
    locutionType: 'locution-type', language: 'language', voice: 'voice', text: 'text', audioUrl: 'audio-url',
    campaignName: 'campaign-name' };
  var VOICE_NAMES = { F: 'Female', M: 'Male' };
  var PHONE_PROPERTIES = ['mobilephone', 'phone', 'mobile_phone_360nrs'];

  var form = el('voice-form');
  var text = el('text');
  var picker = el('token-picker');
  var language = el('language');
  var voice = el('voice');
  var send = el('send-voice');
  var languages = {};

  // The locution type is a pair of radio buttons: its error marks the first.
  function control(field) { return field === 'locution-type' ? el('locution-tts') : el(field); }

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
    SendForm.insertAtCursor(text, '{{contact.' + picker.value + '}}');
  });

  // --- send ------------------------------------------------------------------------------------------------------

  function missing(field, message) {
    SendForm.fieldError(field, message, control);
    SendForm.showResult('Fix the field marked above.', 'error');
    control(field).focus();
    return false;
  }

  SendForm.onSubmit({
    form: form,
    send: send,
    path: '/forms/voice/send',
    fields: FIELDS,
    fieldOf: FIELD_OF,
    control: control,
    sent: 'Voice message sent successfully',
    check: function () {
      var type = locutionType();
      if (type === 'TTS' && !text.value.trim()) {
        return missing('text', 'Enter the text to speak.');
      }
      if (type === 'AUDIO' && !el('audio-url').value.trim()) {
        return missing('audio-url', 'Enter the https URL of the audio file.');
      }
      return true;
    },
    body: function () {
      var type = locutionType();
      var body = {
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
      return body;
    }
  });

  // --- load --------------------------------------------------------------------------------------------------------

  SendForm.load('/forms/voice/context', function (context) {
    var contactName = context.contactName || '';
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
  });
}());
