using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Store;
using PortOne.Sandbox.Webhooks;

namespace PortOne.Sandbox.Api;

/// <summary>Fixed (reusable) virtual accounts: one account number per vbank_key, as Toss keeps it per customer.</summary>
internal sealed class FixedAccounts
{
    private readonly ConcurrentDictionary<string, string> _numbers = new(StringComparer.Ordinal);

    public string NumberFor(string vbankKey) => _numbers.GetOrAdd(vbankKey, static _ => VbanksApi.NewAccountNumber());

    public void Clear() => _numbers.Clear();
}

/// <summary>Server-issued virtual accounts (POST /vbanks) and their revocation (DELETE /vbanks/{imp_uid}).</summary>
internal static class VbanksApi
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/vbanks", IssueAsync);
        api.MapDelete("/vbanks/{imp_uid}", Revoke);
    }

    public static string NewAccountNumber() =>
        "562" + RandomNumberGenerator.GetInt32(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture)
              + RandomNumberGenerator.GetInt32(0, 1000).ToString("D3", CultureInfo.InvariantCulture);

    private static async Task<IResult> IssueAsync(HttpRequest request, PaymentStore store, FixedAccounts fixedAccounts, WebhookSender webhooks,
        TimeProvider clock, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        decimal? amount, due;
        try
        {
            amount = body.Decimal("amount");
            due = body.Decimal("vbank_due");
        }
        catch (FormatException)
        {
            return Envelope.BadRequest("amount, vbank_due(unix timestamp)는 숫자여야 합니다.");
        }
        var merchantUid = body.String("merchant_uid");
        var vbankCode = body.String("vbank_code");
        if (string.IsNullOrEmpty(merchantUid) || amount is null or <= 0 || string.IsNullOrEmpty(vbankCode) || due is null)
        {
            return Envelope.BadRequest("merchant_uid, amount, vbank_code, vbank_due 파라미터가 누락되었습니다.");
        }
        if (merchantUid.Length > 40)
        {
            return Envelope.BadRequest("merchant_uid는 40자 이내여야 합니다.");
        }
        // Toss requires the buyer's name (it ignores vbank_holder and shows the merchant's contracted name instead).
        if (string.IsNullOrEmpty(body.String("buyer_name")))
        {
            return Envelope.BadRequest("buyer_name은 필수입니다. (토스페이먼츠)");
        }
        if (Channels.Refusal(body, options.Value) is { } noChannel)
        {
            return noChannel;
        }
        if (Codes.VbankName(vbankCode) is not { } bankName)
        {
            return Envelope.Refused($"가상계좌를 발급할 수 없는 은행입니다. ({vbankCode})");
        }
        var now = clock.GetUtcNow();
        if ((long)due.Value <= now.ToUnixTimeSeconds())
        {
            return Envelope.Refused("입금기한(vbank_due)은 현재 이후여야 합니다.");
        }
        var noticeUrls = body.Strings("notice_url");
        var number = body.String("vbank_key") is { Length: > 0 } key ? fixedAccounts.NumberFor(key) : NewAccountNumber();
        var unix = now.ToUnixTimeSeconds();
        var (entry, refusal) = store.Add(
            () => store.IsMerchantUidPaid(merchantUid) ? Envelope.Refused("이미 결제가 완료된 merchant_uid입니다.") : null,
            impUid => new Payment
            {
                ImpUid = impUid,
                MerchantUid = merchantUid,
                PayMethod = "vbank",
                Channel = "api",
                PgProvider = "tosspayments",
                PgId = options.Value.PgId,
                PgTid = "tsbx_" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
                VbankCode = vbankCode,
                VbankName = bankName,
                VbankNum = number,
                VbankHolder = null,
                VbankDate = (long)due.Value,
                VbankIssuedAt = unix,
                Name = CardPayments.Cut(body.String("name"), 40),
                Amount = amount.Value,
                BuyerName = CardPayments.Cut(body.String("buyer_name"), 16),
                BuyerEmail = CardPayments.Cut(body.String("buyer_email"), 64),
                BuyerTel = CardPayments.Cut(body.String("buyer_tel"), 16),
                BuyerAddr = CardPayments.Cut(body.String("buyer_addr"), 128),
                BuyerPostcode = CardPayments.Cut(body.String("buyer_postcode"), 8),
                CustomData = body.Text("custom_data"),
                StartedAt = unix,
            }, WindowRequest.Api(noticeUrls));
        if (entry is null)
        {
            return refusal!;
        }
        webhooks.Send(noticeUrls, entry.Payment.ImpUid, merchantUid, PaymentStatus.Ready);
        return Results.Bytes(entry.EnvelopeJson, "application/json; charset=utf-8");
    }

    /// <summary>
    /// Only an unpaid (ready) account can be revoked. The resulting status is UNCERTAIN at PortOne; cancelled
    /// (with no money cancelled) is the reading that keeps a merchant from shipping against a dead account.
    /// </summary>
    private static IResult Revoke(string imp_uid, PaymentStore store, TimeProvider clock)
    {
        var (updated, refusal) = store.Update(imp_uid, entry =>
        {
            var p = entry.Payment;
            if (p.PayMethod != "vbank" || p.VbankIssuedAt == 0)
            {
                return Change<IResult>.Refuse(Envelope.BadRequest("가상계좌 결제건이 아닙니다."));
            }
            if (p.Status != PaymentStatus.Ready)
            {
                return Change<IResult>.Refuse(Envelope.BadRequest("입금 대기(ready) 상태의 가상계좌만 말소할 수 있습니다."));
            }
            return Change<IResult>.To(p with
            {
                Status = PaymentStatus.Cancelled,
                CancelledAt = clock.GetUtcNow().ToUnixTimeSeconds(),
                CancelReason = "가상계좌 말소",
            });
        });
        return updated is not null ? Results.Bytes(updated.EnvelopeJson, "application/json; charset=utf-8")
            : refusal ?? Envelope.NotFound("존재하지 않는 결제정보입니다.");
    }
}
