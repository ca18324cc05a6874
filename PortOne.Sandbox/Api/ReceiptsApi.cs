using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

/// <summary>Cash receipts (/receipts): HTTP 400 for missing params, a payment not paid, already issued or never issued.</summary>
internal static class ReceiptsApi
{
    private const string NotIssued = "현금영수증 발급된 내역이 없습니다.";
    private const string AlreadyIssued = "이미 현금영수증이 발급된 거래입니다.";
    /// <summary>Toss issues no slip (receipt_url) for test transactions.</summary>
    private const string? NoSlip = null;
    private static readonly string[] Types = ["person", "company"];
    private static readonly string[] IdentifierTypes = ["person", "business", "phone", "taxcard"];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/receipts/{imp_uid}", IssueAsync);
        api.MapGet("/receipts/{imp_uid}", (string imp_uid, ReceiptStore receipts) =>
            receipts.ByImpUid.TryGetValue(imp_uid, out var receipt) ? Envelope.Success(receipt) : Envelope.NotFound(NotIssued));
        api.MapDelete("/receipts/{imp_uid}", Cancel);
        api.MapPost("/receipts/external/{merchant_uid}", IssueExternalAsync);
        api.MapGet("/receipts/external/{merchant_uid}", (string merchant_uid, ReceiptStore receipts) =>
            receipts.External.TryGetValue(merchant_uid, out var receipt) ? Envelope.Success(receipt) : Envelope.NotFound(NotIssued));
        api.MapDelete("/receipts/external/{merchant_uid}", CancelExternal);
    }

    /// <summary>For cash-like payments only; the amount is what remains after partial cancels, VAT 1/11 of the taxable part.</summary>
    private static async Task<IResult> IssueAsync(string imp_uid, HttpRequest request, PaymentStore store, ReceiptStore receipts,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        if (ReadCommon(body) is { Error: { } invalid })
        {
            return Envelope.BadRequest(invalid);
        }
        var (type, taxFree, vatAmount, _) = ReadCommon(body);
        Receipt? issued = null;
        var (updated, refusal) = store.Update(imp_uid, entry =>
        {
            var payment = entry.Payment;
            // A partly refunded payment (cancelled with money left) gets a receipt for what remains, as PortOne issues it.
            if (payment.PaidAt == 0 || payment.Status is not (PaymentStatus.Paid or PaymentStatus.Cancelled) || payment.CancellableBalance <= 0)
            {
                return Change<IResult>.Refuse(Envelope.BadRequest("결제완료(paid) 상태이거나 부분취소 후 잔액이 남은 결제건에 대해서만 현금영수증을 발급할 수 있습니다."));
            }
            if (payment.PayMethod is not ("trans" or "vbank"))
            {
                return Change<IResult>.Refuse(Envelope.BadRequest("현금성 결제수단(계좌이체, 가상계좌)에 대해서만 현금영수증을 발급할 수 있습니다."));
            }
            if (receipts.ByImpUid.TryGetValue(imp_uid, out var existing) && existing.CancelledAt == 0)
            {
                return Change<IResult>.Refuse(Envelope.BadRequest(AlreadyIssued));
            }
            var amount = (long)payment.CancellableBalance;
            var (tid, applyNum, now) = NewIssue(clock);
            issued = new Receipt(imp_uid, tid, applyNum, type!, amount, Vat(amount, taxFree, vatAmount), NoSlip, now, 0);
            receipts.ByImpUid[imp_uid] = issued;
            return Change<IResult>.To(payment with { CashReceiptIssued = true });
        });
        return updated is not null ? Envelope.Success(issued!) : refusal ?? Envelope.NotFound("존재하지 않는 결제정보입니다.");
    }

    private static IResult Cancel(string imp_uid, PaymentStore store, ReceiptStore receipts, TimeProvider clock)
    {
        Receipt? cancelled = null;
        var (updated, _) = store.Update(imp_uid, entry =>
        {
            if (!receipts.ByImpUid.TryGetValue(imp_uid, out var receipt) || receipt.CancelledAt != 0)
            {
                return Change<IResult>.Refuse(Envelope.BadRequest(NotIssued));
            }
            cancelled = receipt with { CancelledAt = clock.GetUtcNow().ToUnixTimeSeconds() };
            receipts.ByImpUid[imp_uid] = cancelled;
            return Change<IResult>.To(entry.Payment with { CashReceiptIssued = false });
        });
        return updated is not null ? Envelope.Success(cancelled!) : Envelope.BadRequest(NotIssued);
    }

    private static async Task<IResult> IssueExternalAsync(string merchant_uid, HttpRequest request, ReceiptStore receipts,
        TimeProvider clock, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        decimal? amount;
        try
        {
            amount = body.Decimal("amount");
        }
        catch (FormatException)
        {
            return Envelope.BadRequest("amount는 숫자여야 합니다.");
        }
        if (amount is null or <= 0)
        {
            return Envelope.BadRequest("amount 파라미터가 누락되었습니다.");
        }
        if (ReadCommon(body) is { Error: { } invalid })
        {
            return Envelope.BadRequest(invalid);
        }
        if (Channels.Refusal(body, options.Value) is { } noChannel)
        {
            return noChannel;
        }
        var (type, taxFree, vatAmount, _) = ReadCommon(body);
        var (tid, applyNum, now) = NewIssue(clock);
        var whole = (long)amount.Value;
        var receipt = new ExternalReceipt(merchant_uid, tid, applyNum, type!, whole, Vat(whole, taxFree, vatAmount), NoSlip, now, 0);
        // A cancelled receipt may be issued again; an active one stays (atomic per merchant_uid).
        var stored = receipts.External.AddOrUpdate(merchant_uid, receipt, (_, existing) => existing.CancelledAt == 0 ? existing : receipt);
        return ReferenceEquals(stored, receipt) ? Envelope.Success(receipt) : Envelope.BadRequest("이미 현금영수증이 발급된 merchant_uid입니다.");
    }

    private static IResult CancelExternal(string merchant_uid, ReceiptStore receipts, TimeProvider clock)
    {
        if (!receipts.External.TryGetValue(merchant_uid, out var receipt))
        {
            return Envelope.NotFound(NotIssued);
        }
        var cancelled = receipt with { CancelledAt = clock.GetUtcNow().ToUnixTimeSeconds() };
        // Only the first of two racing cancels replaces the active receipt.
        return receipt.CancelledAt == 0 && receipts.External.TryUpdate(merchant_uid, cancelled, receipt)
            ? Envelope.Success(cancelled)
            : Envelope.BadRequest("이미 발급취소된 현금영수증입니다.");
    }

    /// <summary>Toss validates neither identifier against type, so only presence and the enum values are checked.</summary>
    private static (string? Type, decimal TaxFree, decimal? VatAmount, string? Error) ReadCommon(RequestBody body)
    {
        if (string.IsNullOrEmpty(body.String("identifier")))
        {
            return (null, 0, null, "identifier 파라미터가 누락되었습니다.");
        }
        var type = body.String("type") is { Length: > 0 } t ? t : "person";
        if (!Types.Contains(type))
        {
            return (null, 0, null, "type은 person 또는 company여야 합니다.");
        }
        if (body.String("identifier_type") is { Length: > 0 } idType && !IdentifierTypes.Contains(idType))
        {
            return (null, 0, null, "identifier_type은 person, business, phone, taxcard 중 하나여야 합니다.");
        }
        try
        {
            return (type, body.Decimal("tax_free") ?? 0, body.Decimal("vat_amount"), null);
        }
        catch (FormatException)
        {
            return (null, 0, null, "tax_free, vat_amount는 숫자여야 합니다.");
        }
    }

    private static long Vat(long amount, decimal taxFree, decimal? vatAmount) =>
        vatAmount is { } given ? (long)given : (long)Math.Round((amount - taxFree) / 11m, MidpointRounding.AwayFromZero);

    private static (string Tid, string ApplyNum, long Now) NewIssue(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return ("rcpt_" + now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)),
            RandomNumberGenerator.GetInt32(100_000_000, 1_000_000_000).ToString(CultureInfo.InvariantCulture), now.ToUnixTimeSeconds());
    }
}
