using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Window;

/// <summary>The window's answer to a shopper's action or to request_pay; null fields are left out.</summary>
internal sealed record WindowResult(
    string? ImpUid,
    string? MerchantUid,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? WindowUrl = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? ErrorMsg = null,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? RedirectUrl = null);

/// <summary>
/// Turns request_pay params into a <c>ready</c> payment after the checks PortOne makes before opening the
/// window. Pre-validation failures create no payment, so their result carries a null imp_uid.
/// </summary>
internal sealed class WindowRequests(PaymentStore store, IOptions<SandboxOptions> options, TimeProvider clock)
{
    /// <summary>PortOne's observed code for a window it cannot open for the channel.</summary>
    public const string ChannelError = "F500";
    /// <summary>Our code for request_pay params PortOne refuses before opening the window (no official list exists).</summary>
    public const string ParamError = "F400";

    /// <summary>Checks request_pay params as PortOne does before opening the window; <paramref name="http"/> is the window request (its origin bounds m_redirect_url).</summary>
    public (PaymentStore.Entry? Entry, WindowResult? Error) Create(JsonObject request, HttpRequest http)
    {
        var userAgent = http.Headers.UserAgent.ToString() is { Length: > 0 } ua ? ua : null;
        var parameters = request["params"] as JsonObject;
        var merchantUid = Str(parameters?["merchant_uid"]);
        WindowResult Fail(string code, string message) => new(null, merchantUid, ErrorCode: code, ErrorMsg: message);

        if (Str(request["user_code"]) != options.Value.MerchantCode)
        {
            return (null, Fail(ChannelError, "결제 창 호출에 실패했습니다. 가맹점 식별코드가 올바르지 않습니다."));
        }
        if (parameters is null)
        {
            return (null, Fail(ParamError, "결제 요청 파라미터가 없습니다."));
        }
        // channelKey (PortOne's current docs) names the channel in place of pg; when sent, pg is not read.
        var channelKey = parameters["channelKey"] is null ? null : Str(parameters["channelKey"]) ?? "";
        var pg = channelKey is null ? Str(parameters["pg"]) : null;
        if (channelKey is not null ? !options.Value.KnowsChannelKey(channelKey) : pg is not null && !Api.Channels.IsTossPg(pg))
        {
            return (null, Fail(ChannelError, "결제 창 호출에 실패했습니다. " + Api.Channels.UnknownChannel));
        }
        var payMethod = Str(parameters["pay_method"]) ?? "card";
        if (!Codes.PayMethods.Contains(payMethod))
        {
            return (null, Fail(ParamError, $"지원하지 않는 결제수단입니다. (pay_method: {payMethod})"));
        }
        if (string.IsNullOrEmpty(merchantUid))
        {
            return (null, Fail(ParamError, "merchant_uid는 필수 입력 항목입니다."));
        }
        if (merchantUid.Length > 40)
        {
            return (null, Fail(ParamError, "merchant_uid는 40자 이내여야 합니다."));
        }
        if (parameters["amount"] is not JsonValue amountNode || amountNode.GetValueKind() != JsonValueKind.Number
            || !amountNode.TryGetValue(out decimal amount) || amount < 0)
        {
            return (null, Fail(ParamError, "amount는 0 이상의 숫자(number)여야 합니다."));
        }
        // A carrier bill's fee rate depends on whether the goods are digital, so PortOne requires the flag for phone payments.
        if (payMethod == "phone" && parameters["digital"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return (null, Fail(ParamError, "휴대폰 결제에는 digital(true/false)이 필수입니다."));
        }
        var bypass = parameters["bypass"] as JsonObject;
        var cashReceiptType = Str(bypass?["cashReceiptType"]);
        if (cashReceiptType is not null && !WindowOptions.CashReceiptTypes.Contains(cashReceiptType))
        {
            return (null, Fail(ParamError, "bypass.cashReceiptType은 anonymous, personal, corporate 중 하나여야 합니다."));
        }
        var mRedirectUrl = Str(parameters["m_redirect_url"]) is { Length: > 0 } redirect ? redirect : null;
        if (mRedirectUrl is not null && ReturnOrigins.Allowed(mRedirectUrl, http, options.Value) is null)
        {
            return (null, Fail(ParamError, "m_redirect_url은 결제를 요청한 사이트와 같은 origin의 절대 URL이어야 합니다."));
        }
        var customerUid = Str(parameters["customer_uid"]) is { Length: > 0 } uid ? uid : null;
        // Toss's billing window only issues a key (card, amount 0); a charge there would silently not happen.
        if (customerUid is not null && (payMethod != "card" || amount != 0))
        {
            return (null, Fail(ParamError, "빌링키 발급 결제창은 pay_method card, amount 0 으로만 호출할 수 있습니다."));
        }
        var cashLike = payMethod is "trans" or "vbank";
        var windowOptions = new WindowOptions(
            OnlyInstallment: Bool(parameters["display"]?["only_installment"]),
            AppCard: Bool(parameters["appCard"]),
            UseCardPoint: Bool(parameters["useCardPoint"]),
            // The guide nests it under bypass.tosspayments; older guide text put it flat under bypass.
            International: payMethod == "card" && (Bool(bypass?["tosspayments"]?["useInternationalCardOnly"]) || Bool(bypass?["useInternationalCardOnly"])),
            CashReceiptType: cashLike ? cashReceiptType : null,
            CulturalExpense: cashLike && Bool(bypass?["isCulturalExpense"]),
            CustomerUid: customerUid,
            // PortOne fills a random customer_id when the merchant sends none.
            CustomerId: customerUid is null ? null : Str(parameters["customer_id"]) ?? "cid_" + Guid.NewGuid().ToString("N")[..16]);
        var currency = Str(parameters["currency"]) ?? "KRW";
        var mode = Str(request["mode"]) == "mobile" ? "mobile" : "pc";
        var now = clock.GetUtcNow().ToUnixTimeSeconds();

        WindowResult? Refusal()
        {
            if (store.IsMerchantUidPaid(merchantUid))
            {
                return Fail(ParamError, "이미 결제가 완료된 merchant_uid입니다.");
            }
            if (store.FindPrepared(merchantUid) is { } prepared
                && (prepared.Amount != amount || (prepared.Currency is not null && prepared.Currency != currency)))
            {
                return Fail(ParamError, string.Create(CultureInfo.InvariantCulture,
                    $"사전 등록된 결제정보와 요청 금액이 일치하지 않습니다. (사전등록 {prepared.Amount} {prepared.Currency}, 요청 {amount} {currency})"));
            }
            return null;
        }

        var window = new WindowRequest(
            mode,
            NoticeUrls(parameters["notice_url"]),
            mRedirectUrl,
            Str(parameters["confirm_url"]),
            (parameters["display"]?["card_quota"] as JsonArray)?.Select(Int).OfType<int>().ToArray(),
            Str(parameters["card"]?["direct"]?["code"]),
            Int(parameters["card"]?["direct"]?["quota"]),
            Str(parameters["vbank_due"])) { Options = windowOptions };
        return store.Add(Refusal, impUid => new Payment
        {
            ImpUid = impUid,
            MerchantUid = merchantUid,
            PayMethod = payMethod,
            Channel = mode,
            PgProvider = "tosspayments",
            PgId = pg is not null && pg.StartsWith("tosspayments.", StringComparison.Ordinal) ? pg["tosspayments.".Length..] : options.Value.PgId,
            Escrow = parameters["escrow"] is JsonValue e && e.TryGetValue(out bool escrow) && escrow,
            Name = Cut(Str(parameters["name"]), 40),
            Amount = amount,
            Currency = currency,
            BuyerName = Cut(Str(parameters["buyer_name"]), 16),
            BuyerEmail = Cut(Str(parameters["buyer_email"]), 64),
            BuyerTel = Cut(Str(parameters["buyer_tel"]), 16),
            BuyerAddr = Cut(Str(parameters["buyer_addr"]), 128),
            BuyerPostcode = Cut(Str(parameters["buyer_postcode"]), 8),
            CustomData = parameters["custom_data"] switch
            {
                null => null,
                JsonValue v when v.TryGetValue(out string? s) => s,
                var node => node.ToJsonString(),
            },
            UserAgent = userAgent,
            StartedAt = now,
        }, window);
    }

    private static List<string> NoticeUrls(JsonNode? node) => node switch
    {
        JsonArray urls => [.. urls.Select(Str).OfType<string>().Where(u => u.Length > 0)],
        _ when Str(node) is { Length: > 0 } url => [url],
        _ => [],
    };

    private static bool Bool(JsonNode? node) => node is JsonValue v && v.TryGetValue(out bool b) && b;

    private static string? Str(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue(out string? s) ? s : null;

    private static int? Int(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue(out int i) ? i
        : node is JsonValue s && s.TryGetValue(out string? text) && int.TryParse(text, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static string? Cut(string? value, int max) => value is { Length: var n } && n > max ? value[..max] : value;
}
