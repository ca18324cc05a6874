/* PortOne V1 browser SDK emulation (local sandbox). Behaves like v1/iamport.js with the TossPayments
   new module: the callback receives only imp_uid, merchant_uid and, on failure, error_code/error_msg. */
(function () {
  'use strict';
  var script = document.currentScript;
  // The script lives at {base}/v1/iamport.js; everything else hangs off the same base.
  var base = script && script.src ? script.src.replace(/\/v1\/iamport\.js(?:[?#].*)?$/, '') : '/sandbox';
  var userCode = null;
  var busy = false;

  function mode() {
    var forced = null;
    try { forced = window.localStorage.getItem('portone-sandbox:mode'); } catch (e) { /* storage blocked */ }
    if (forced === 'mobile' || forced === 'pc') { return forced; }
    var coarse = window.matchMedia && window.matchMedia('(pointer: coarse)').matches;
    return window.innerWidth <= 768 || coarse ? 'mobile' : 'pc';
  }

  function answer(callback, result) {
    var response = { imp_uid: result.imp_uid === undefined ? null : result.imp_uid, merchant_uid: result.merchant_uid };
    if (result.error_code) {
      response.error_code = result.error_code;
      response.error_msg = result.error_msg;
    }
    if (typeof callback === 'function') { setTimeout(function () { callback(response); }, 0); }
  }

  function refuse(callback, params, code, msg) {
    answer(callback, { imp_uid: null, merchant_uid: params && params.merchant_uid, error_code: code, error_msg: msg });
  }

  function openOverlay(windowUrl, callback) {
    var frame = document.createElement('iframe');
    frame.id = 'portone-sandbox-window';
    frame.title = 'PortOne 결제창';
    frame.src = windowUrl;
    frame.setAttribute('style', 'position:fixed;inset:0;width:100%;height:100%;border:0;margin:0;padding:0;z-index:2147483647;background:transparent;');
    function onMessage(event) {
      if (event.source !== frame.contentWindow || !event.data || event.data.source !== 'portone-sandbox') { return; }
      window.removeEventListener('message', onMessage);
      frame.parentNode && frame.parentNode.removeChild(frame);
      busy = false;
      answer(callback, event.data);
    }
    window.addEventListener('message', onMessage);
    document.body.appendChild(frame);
  }

  var IMP = {
    init: function (code) {
      if (userCode !== null && userCode !== code) {
        throw new Error('IMP.init은 한 페이지에서 한 번만 호출해야 합니다.');
      }
      userCode = code;
    },
    agency: function (code) { IMP.init(code); },
    request_pay: function (params, callback) {
      if (userCode === null) { return refuse(callback, params, 'F400', 'IMP.init()을 먼저 호출해야 합니다.'); }
      if (!params || typeof params !== 'object') { return refuse(callback, params, 'F400', '결제 요청 파라미터가 없습니다.'); }
      if (typeof params.merchant_uid !== 'string' || params.merchant_uid.length === 0) {
        return refuse(callback, params, 'F400', 'merchant_uid는 필수 입력 항목입니다.');
      }
      if (params.merchant_uid.length > 40) { return refuse(callback, params, 'F400', 'merchant_uid는 40자 이내여야 합니다.'); }
      if (typeof params.amount !== 'number' || !isFinite(params.amount)) {
        return refuse(callback, params, 'F400', 'amount는 숫자(number)여야 합니다.');
      }
      if (busy) { return refuse(callback, params, 'F400', '이미 결제창이 열려 있습니다.'); }
      var currentMode = mode();
      busy = true;
      fetch(base + '/window/requests', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user_code: userCode, mode: currentMode, params: params })
      }).then(function (response) {
        return response.json().then(function (result) { return { ok: response.ok, result: result }; });
      }).then(function (r) {
        if (!r.ok) { busy = false; return answer(callback, r.result); }
        if (currentMode === 'mobile') { window.location.href = r.result.window_url; return; }
        openOverlay(r.result.window_url, callback);
      }).catch(function () {
        busy = false;
        refuse(callback, params, 'F500', '결제 창 호출에 실패했습니다.');
      });
    },
    close: function () {
      var frame = document.getElementById('portone-sandbox-window');
      if (frame) { frame.parentNode.removeChild(frame); busy = false; }
    }
  };
  window.IMP = IMP;
})();
