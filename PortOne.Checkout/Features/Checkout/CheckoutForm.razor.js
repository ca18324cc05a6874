// Loads PortOne's iamport.js once per page and opens its payment window with parameters the
// server built. Only PortOne's identifiers (and an error, if any) go back to .NET: the server
// re-reads the payment from PortOne's API before it believes anything.

let sdkLoading = null;
let initialisedWith = null;

function loadSdk(url) {
    if (window.IMP) {
        return Promise.resolve();
    }
    sdkLoading ??= new Promise((resolve, reject) => {
        const script = document.createElement("script");
        script.src = url;
        script.async = true;
        script.onload = () => resolve();
        script.onerror = () => {
            sdkLoading = null;
            script.remove();
            reject(new Error("iamport.js could not be loaded from " + url));
        };
        document.head.appendChild(script);
    });
    return sdkLoading;
}

export async function requestPay(sdkUrl, merchantCode, params) {
    await loadSdk(sdkUrl);
    if (initialisedWith !== merchantCode) {
        window.IMP.init(merchantCode);
        initialisedWith = merchantCode;
    }
    return await new Promise(resolve => {
        window.IMP.request_pay(params, response => resolve({
            impUid: response?.imp_uid ?? null,
            merchantUid: response?.merchant_uid ?? null,
            errorCode: response?.error_code ?? null,
            errorMsg: response?.error_msg ?? null,
        }));
    });
}
