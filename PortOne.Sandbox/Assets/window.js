(function () {
  'use strict';
  var body = document.body;
  var impUid = body.getAttribute('data-imp-uid');
  var mode = body.getAttribute('data-mode');
  var base = location.pathname.replace(/\/$/, '');
  var message = document.querySelector('[data-testid=message]');
  var buttons = document.querySelectorAll('.actions button');

  function value(testId) {
    var el = document.querySelector('[data-testid=' + testId + ']');
    return el ? el.value : null;
  }

  // The page tells iamport.js (PC, parent frame) or the browser (mobile, via the 302 return) how it ended.
  function finish(result) {
    if (mode === 'mobile') {
      location.href = base + '/return';
      return;
    }
    var data = { source: 'portone-sandbox', imp_uid: result.imp_uid, merchant_uid: result.merchant_uid };
    if (result.error_code) {
      data.error_code = result.error_code;
      data.error_msg = result.error_msg;
    }
    window.parent.postMessage(data, '*');
  }

  function act(action, payload) {
    buttons.forEach(function (b) { b.disabled = true; });
    message.textContent = '';
    fetch(base + '/' + action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload || {})
    }).then(function (response) {
      return response.json().then(function (result) { return { status: response.status, result: result }; });
    }).then(function (r) {
      if (r.status === 200) {
        finish(r.result);
      } else {
        // A bad choice (e.g. installment months) leaves the window open so the shopper can fix it.
        message.textContent = r.result.error_msg || '결제를 진행할 수 없습니다.';
        if (r.status === 400) {
          buttons.forEach(function (b) { b.disabled = false; });
        }
      }
    }).catch(function () {
      message.textContent = '결제 서버에 연결할 수 없습니다.';
      buttons.forEach(function (b) { b.disabled = false; });
    });
  }

  document.querySelector('[data-testid=approve]').addEventListener('click', function () {
    var quota = value('card-quota');
    act('approve', {
      card_code: value('card-company'),
      card_quota: quota === null ? null : parseInt(quota, 10),
      vbank_code: value('vbank-bank'),
      test_card: value('test-card'),
      cash_receipt_type: value('cash-receipt-type')
    });
  });
  document.querySelector('[data-testid=decline]').addEventListener('click', function () { act('decline'); });
  document.querySelector('[data-testid=close]').addEventListener('click', function () { act('close'); });

  // Only now can a click do anything; a finished payment keeps its buttons disabled.
  if (document.querySelector('.actions').getAttribute('data-open') === 'true') {
    buttons.forEach(function (b) { b.disabled = false; });
  }
})();
