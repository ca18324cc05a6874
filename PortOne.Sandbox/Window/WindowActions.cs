using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using PortOne.Sandbox.Store;
using PortOne.Sandbox.Webhooks;

namespace PortOne.Sandbox.Window;

/// <summary>What the shopper asked for when pressing 결제하기.</summary>
internal sealed record ApproveChoice(string? CardCode, int? CardQuota, string? VbankCode, string? TestCard = null, string? CashReceiptType = null);

/// <summary>
/// The shopper's actions in the window. Each payment can be acted on once; the error shown to the
/// callback or redirect is kept here because PortOne's Payment object has no error_code.
/// </summary>
internal sealed class WindowActions(PaymentStore store, SubscriptionStore subscriptions, WebhookSender webhooks, IHttpClientFactory httpClients, TimeProvider clock)
{
    public const string Declined = "REJECT_CARD_COMPANY";
    public const string DeclinedMessage = "카드사에서 결제를 거절했습니다. (한도초과 또는 거래정지 카드)";
    public const string Canceled = "PAY_PROCESS_CANCELED";
    public const string CanceledMessage = "사용자에 의해 결제가 취소되었습니다.";
    /// <summary>Our code for a confirm_url refusal; PortOne's is not documented.</summary>
    public const string ConfirmRejected = "CONFIRM_URL_REJECTED";
    public const string DuplicatePayment = "ALREADY_PAID_MERCHANT_UID";
    public const string InvalidQuota = "INVALID_CARD_QUOTA";
    public const string InvalidChoice = "INVALID_SELECTION";
    public const string AlreadyProcessed = "ALREADY_PROCESSED";
    public const string CardAuthFailed = "INVALID_CARD_NUMBER";
    public const decimal InstallmentMinimum = 50_000m;
    private static readonly IReadOnlySet<string> EasyPays = new HashSet<string>(StringComparer.Ordinal)
    {
        "kakaopay", "naverpay", "lpay", "samsungpay", "samsung", "ssgpay", "applepay", "payco", "tosspay",
    };
    private static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (string Code, string Message)> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _acting = new(StringComparer.Ordinal);

    /// <summary>Outcome of an action: the result for the caller and the HTTP status to answer with.</summary>
    internal sealed record Outcome(int Status, WindowResult Result);

    public void Clear() => _errors.Clear();

    /// <summary>A window is open while its payment is ready and no virtual account was issued yet.</summary>
    public static bool IsOpen(Payment payment) => payment.Status == PaymentStatus.Ready && payment.VbankIssuedAt == 0;

    public Task<Outcome?> DeclineAsync(string impUid) =>
        Task.FromResult(Finish(impUid, Declined, $"[{Declined}] {DeclinedMessage}"));

    public Task<Outcome?> CloseAsync(string impUid) =>
        Task.FromResult(Finish(impUid, Canceled, CanceledMessage));

    public async Task<Outcome?> ApproveAsync(string impUid, ApproveChoice choice, string receiptBase, CancellationToken cancellationToken)
    {
        if (store.Find(impUid) is not { } entry)
        {
            return null;
        }
        if (!_acting.TryAdd(impUid, 0))
        {
            return Refuse(entry, AlreadyProcessed, "이미 처리 중인 결제입니다.");
        }
        try
        {
            entry = store.Find(impUid)!;
            var payment = entry.Payment;
            if (!IsOpen(payment))
            {
                return Refuse(entry, AlreadyProcessed, "이미 처리된 결제입니다.");
            }
            var isCard = payment.PayMethod == "card";
            var options = entry.Window.Options;
            var cardCode = entry.Window.DirectCardCode ?? choice.CardCode ?? (options.International ? "VIS" : "366");
            var outcome = TestCards.FromScenario(choice.TestCard);
            // Without a preset the shopper picks; a driver that sends nothing gets 미발행, as the window preselects.
            var cashReceiptType = options.CashReceiptType ?? choice.CashReceiptType ?? "anonymous";
            var months = entry.Window.DirectQuota ?? choice.CardQuota ?? 0;
            var vbankCode = choice.VbankCode ?? "088";
            if (isCard)
            {
                if (CardChoiceError(cardCode, options) is { } cardError)
                {
                    return Refuse(entry, InvalidChoice, cardError);
                }
                if (QuotaError(payment.Amount, months, entry.Window) is { } quotaError)
                {
                    return Refuse(entry, InvalidQuota, quotaError);
                }
                if (outcome is null)
                {
                    return Refuse(entry, InvalidChoice, $"알 수 없는 테스트 카드입니다. ({choice.TestCard})");
                }
            }
            if (payment.PayMethod is "trans" or "vbank" && !WindowOptions.CashReceiptTypes.Contains(cashReceiptType))
            {
                return Refuse(entry, InvalidChoice, $"알 수 없는 현금영수증 발행 유형입니다. ({cashReceiptType})");
            }
            if (payment.PayMethod == "vbank" && Codes.VbankName(vbankCode) is null)
            {
                return Refuse(entry, InvalidChoice, $"가상계좌를 발급할 수 없는 은행입니다. ({vbankCode})");
            }

            // Two windows may be open for one merchant_uid; only the first approval may charge the shopper.
            if (store.IsMerchantUidPaid(payment.MerchantUid))
            {
                return Finish(impUid, DuplicatePayment, "이미 결제가 완료된 merchant_uid입니다.", approving: true);
            }
            // Card authentication comes before the merchant's confirm; limit and suspension only show at approval.
            if (isCard && outcome == CardOutcome.AuthFailure)
            {
                return Finish(impUid, CardAuthFailed, TestCards.AuthFailureMessage, approving: true);
            }
            if (entry.Window.ConfirmUrl is { } confirmUrl
                && await ConfirmAsync(confirmUrl, payment, cancellationToken) is { } refusal)
            {
                return Finish(impUid, ConfirmRejected, $"고객사 요청에 의해 결제를 중단합니다. (상세사유 : {refusal})", approving: true);
            }
            // A billing-key window charges nothing, so only a charge can be declined.
            if (isCard && options.CustomerUid is null && TestCards.DeclineFor(outcome!.Value) is { } declined)
            {
                return Finish(impUid, declined.Code, declined.Reason, approving: true);
            }

            var now = clock.GetUtcNow();
            var unix = now.ToUnixTimeSeconds();
            // Only this approval may finish the payment now (decline and close are refused while it runs).
            var (updated, duplicate) = store.Update(impUid, current =>
            {
                // Checked again with the write: another window for this merchant_uid may have been approved meanwhile.
                if (store.IsMerchantUidPaid(payment.MerchantUid))
                {
                    return Change<string>.Refuse(DuplicatePayment);
                }
                var pgTid = "tsbx_" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
                var next = payment.PayMethod switch
                {
                    "card" => current.Payment with
                    {
                        Status = PaymentStatus.Paid,
                        PaidAt = unix,
                        PgTid = pgTid,
                        ApplyNum = Digits(8),
                        CardCode = cardCode,
                        CardName = Codes.CardName(cardCode),
                        CardIssuerCode = cardCode,
                        CardIssuerName = Codes.CardName(cardCode),
                        CardPublisherCode = cardCode,
                        CardPublisherName = Codes.CardName(cardCode),
                        CardQuota = months,
                        CardType = 0,
                        CardNumber = "53" + cardCode.PadLeft(3, '0') + "1******" + Digits(4),
                        ReceiptUrl = options.CustomerUid is null ? $"{receiptBase}/{impUid}/receipt" : null,
                        CustomerUid = options.CustomerUid,
                        // UNCERTAIN: the status of a key-issuing window payment is not documented. paid with amount 0 says
                        // "the window finished successfully" while an amount check still keeps it from fulfilling an order.
                        CustomerUidUsage = options.CustomerUid is null ? null : "issue",
                    },
                    "vbank" => current.Payment with
                    {
                        PgTid = pgTid,
                        VbankCode = vbankCode,
                        VbankName = Codes.VbankName(vbankCode),
                        VbankNum = Digits(14),
                        VbankHolder = null,
                        VbankDate = VbankDue(entry.Window.VbankDue, now),
                        VbankIssuedAt = unix,
                    },
                    "trans" => current.Payment with
                    {
                        Status = PaymentStatus.Paid, PaidAt = unix, PgTid = pgTid, BankCode = "088", BankName = "신한은행",
                        ReceiptUrl = $"{receiptBase}/{impUid}/receipt",
                        // Toss issues the receipt in the window when the shopper asked for one.
                        CashReceiptIssued = cashReceiptType is "personal" or "corporate",
                    },
                    // Easy-pay brands open inside the Toss window; PortOne reports the brand as emb_pg_provider.
                    _ => current.Payment with
                    {
                        Status = PaymentStatus.Paid, PaidAt = unix, PgTid = pgTid,
                        EmbPgProvider = EasyPays.Contains(payment.PayMethod!) ? (payment.PayMethod == "samsung" ? "samsungpay" : payment.PayMethod) : null,
                    },
                };
                // The key exists the moment the payment says the window finished, so the merchant can confirm it at once.
                if (options.CustomerUid is { } customerUid)
                {
                    var p = next;
                    subscriptions.SaveCustomer(new Customer
                    {
                        CustomerUid = customerUid,
                        PgId = p.PgId,
                        CustomerId = options.CustomerId,
                        CardName = p.CardName,
                        CardCode = p.CardCode,
                        CardIssuerCode = p.CardIssuerCode,
                        CardIssuerName = p.CardIssuerName,
                        CardPublisherCode = p.CardPublisherCode,
                        CardPublisherName = p.CardPublisherName,
                        CardNumber = p.CardNumber,
                        CardType = p.CardType,
                        CustomerName = p.BuyerName,
                        CustomerTel = p.BuyerTel,
                        CustomerEmail = p.BuyerEmail,
                        CustomerAddr = p.BuyerAddr,
                        CustomerPostcode = p.BuyerPostcode,
                        Inserted = subscriptions.FindCustomer(customerUid)?.Inserted ?? unix,
                        Updated = unix,
                        Outcome = outcome ?? CardOutcome.Approve,
                    });
                }
                return Change<string>.To(next);
            });
            if (duplicate is not null)
            {
                return Finish(impUid, DuplicatePayment, "이미 결제가 완료된 merchant_uid입니다.", approving: true);
            }
            if (updated is null)
            {
                return null; // forgotten by a reset meanwhile
            }
            webhooks.Send(updated.Window.NoticeUrls, impUid, updated.Payment.MerchantUid, updated.Payment.Status);
            return new Outcome(200, ResultFor(updated));
        }
        finally
        {
            _acting.TryRemove(impUid, out _);
        }
    }

    /// <summary>Result the callback or redirect carries for a payment whose window finished.</summary>
    public WindowResult ResultFor(PaymentStore.Entry entry)
    {
        var p = entry.Payment;
        var error = _errors.TryGetValue(p.ImpUid, out var e) ? e : default;
        var redirect = entry.Window.Mode == "mobile" && entry.Window.MRedirectUrl is { } url
            ? RedirectUrl(url, p.ImpUid, p.MerchantUid, error.Code, error.Message)
            : null;
        return new WindowResult(p.ImpUid, p.MerchantUid, ErrorCode: error.Code, ErrorMsg: error.Message, RedirectUrl: redirect);
    }

    public static string RedirectUrl(string baseUrl, string impUid, string merchantUid, string? errorCode, string? errorMsg)
    {
        var query = new Dictionary<string, string?> { ["imp_uid"] = impUid, ["merchant_uid"] = merchantUid };
        if (errorCode is not null)
        {
            query["error_code"] = errorCode;
            query["error_msg"] = errorMsg;
        }
        // QueryHelpers appends with '&' when the URL already has a query.
        return QueryHelpers.AddQueryString(baseUrl, query);
    }

    private Outcome? Finish(string impUid, string code, string message, bool approving = false)
    {
        var (updated, refusal) = store.Update(impUid, entry =>
        {
            // While an approval runs, only that approval may finish the payment (decline/close are refused).
            if (!IsOpen(entry.Payment) || (_acting.ContainsKey(impUid) && !approving))
            {
                return Change<Outcome>.Refuse(Refuse(entry, AlreadyProcessed, "이미 처리된 결제입니다."));
            }
            _errors[impUid] = (code, message);
            return Change<Outcome>.To(entry.Payment with
            {
                Status = PaymentStatus.Failed,
                FailedAt = clock.GetUtcNow().ToUnixTimeSeconds(),
                FailReason = message,
            });
        });
        // PortOne sends no webhook for a failed window payment.
        return updated is not null ? new Outcome(200, ResultFor(updated)) : refusal;
    }

    private static Outcome Refuse(PaymentStore.Entry entry, string code, string message) =>
        new(code == AlreadyProcessed ? 409 : 400, new WindowResult(entry.Payment.ImpUid, entry.Payment.MerchantUid, ErrorCode: code, ErrorMsg: message));

    /// <summary>The international window takes only foreign brands, the domestic one only domestic cards, appCard only app-card issuers.</summary>
    private static string? CardChoiceError(string cardCode, WindowOptions options)
    {
        if (options.International)
        {
            return Codes.ForeignCards.Any(c => c.Code == cardCode) ? null : $"Only international cards (VISA, MASTER, JCB, UNIONPAY) are accepted. ({cardCode})";
        }
        if (!Codes.Cards.Any(c => c.Code == cardCode))
        {
            return $"지원하지 않는 카드사입니다. ({cardCode})";
        }
        return options.AppCard && !WindowOptions.AppCardCodes.Contains(cardCode) ? $"앱카드 결제를 지원하지 않는 카드사입니다. ({cardCode})" : null;
    }

    /// <summary>Toss offers months only from 50,000 won and renders lump sum up to max(display.card_quota).</summary>
    private static string? QuotaError(decimal amount, int months, WindowRequest window)
    {
        if (months == 0)
        {
            return window.Options.OnlyInstallment && window.DirectQuota is null && QuotaMax(amount, window) >= 2
                ? "할부 결제만 가능합니다. 할부 개월 수를 선택하세요." : null;
        }
        if (months < 2 || months > 36)
        {
            return "할부 개월 수는 2~36개월이어야 합니다.";
        }
        if (amount < InstallmentMinimum)
        {
            return "할부는 50,000원 이상 결제에서만 가능합니다.";
        }
        if (window.DirectQuota is null && months > QuotaMax(amount, window))
        {
            return "선택할 수 없는 할부 개월 수입니다.";
        }
        return null;
    }

    /// <summary>Largest month the window offers: max(display.card_quota) from 50,000 won, else 0 (lump sum only).</summary>
    public static int QuotaMax(decimal amount, WindowRequest window) =>
        amount >= InstallmentMinimum && window.CardQuotas is { Count: > 0 } q ? q.Max() : 0;

    /// <summary>Null when the merchant accepted (HTTP 200), else the refusal reason (a timeout counts as 500).</summary>
    private async Task<string?> ConfirmAsync(string url, Payment payment, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(ConfirmTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await httpClients.CreateClient(WebhookSender.HttpClientName).PostAsJsonAsync(new Uri(url),
                new { imp_uid = payment.ImpUid, merchant_uid = payment.MerchantUid, amount = payment.Amount }, linked.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return null;
            }
            try
            {
                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(linked.Token), cancellationToken: linked.Token);
                return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("reason", out var reason)
                    && reason.ValueKind == JsonValueKind.String && reason.GetString() is { Length: > 0 } text ? text : "알 수 없음";
            }
            catch (JsonException)
            {
                return "알 수 없음";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or UriFormatException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return "알 수 없음";
        }
    }

    /// <summary>vbank_due is read as Korean time; without one the account stays open three days.</summary>
    private static long VbankDue(string? due, DateTimeOffset now)
    {
        string[] formats = ["yyyy-MM-dd HH:mm:ss", "yyyyMMddHHmmss", "yyyy-MM-dd", "yyyyMMdd"];
        if (due is not null && DateTime.TryParseExact(due, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var date = local.TimeOfDay == TimeSpan.Zero && due.Length <= 10 ? local.Date.AddDays(1).AddSeconds(-1) : local;
            return new DateTimeOffset(date, TimeSpan.FromHours(9)).ToUnixTimeSeconds();
        }
        return now.AddDays(3).ToUnixTimeSeconds();
    }

    private static string Digits(int count) =>
        string.Concat(Enumerable.Range(0, count).Select(_ => (char)('0' + RandomNumberGenerator.GetInt32(10))));
}
