using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PortOne.Sandbox.Store;
using PortOne.Sandbox.Webhooks;

namespace PortOne.Sandbox.Api;

internal static class CancelApi
{
    private const string NothingToCancel = "취소할 결제건이 존재하지 않습니다.";
    private const string AlreadyCancelled = "이미 전액취소된 주문입니다.";

    public static void Map(RouteGroupBuilder api) => api.MapPost("/payments/cancel", CancelAsync);

    private static async Task<IResult> CancelAsync(HttpRequest request, PaymentStore store, WebhookSender webhooks,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        decimal? amount, taxFree, checksum;
        try
        {
            amount = body.Decimal("amount");
            taxFree = body.Decimal("tax_free");
            checksum = body.Decimal("checksum");
        }
        catch (FormatException ex)
        {
            return Envelope.BadRequest(ex.Message);
        }
        var impUid = body.String("imp_uid") is { Length: > 0 } i ? i : null;
        var merchantUid = body.String("merchant_uid") is { Length: > 0 } m ? m : null;
        if (impUid is null && merchantUid is null)
        {
            return Envelope.BadRequest("imp_uid 또는 merchant_uid 중 하나는 필수입니다.");
        }
        if (amount < 0 || taxFree < 0)
        {
            return Envelope.BadRequest("취소 금액은 0 이상이어야 합니다.");
        }

        // imp_uid wins over merchant_uid; a wrong imp_uid fails even when merchant_uid is right.
        var target = impUid ?? (store.FindLatest(merchantUid!, PaymentStatus.Paid) ?? store.FindLatest(merchantUid!, PaymentStatus.Cancelled))?.Payment.ImpUid;
        var cancellationId = "cncl_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
        var (updated, refusal) = target is null ? (null, null) : store.Update(target, entry =>
        {
            var payment = entry.Payment;
            // A revoked virtual account is cancelled without ever being paid: there is no money to cancel.
            if (payment.Status is not (PaymentStatus.Paid or PaymentStatus.Cancelled) || payment.PaidAt == 0)
            {
                return Change<IResult>.Refuse(Envelope.Refused(NothingToCancel));
            }
            var balance = payment.CancellableBalance;
            if (balance <= 0)
            {
                return Change<IResult>.Refuse(Envelope.Refused(AlreadyCancelled));
            }
            // Refusal codes for checksum and over-balance are UNCERTAIN at PortOne (non-zero); code 1 with the
            // PG-style wording keeps them distinguishable from not-found (-1/404).
            if (checksum is not null && checksum.Value != balance)
            {
                return Change<IResult>.Refuse(Envelope.Refused(string.Create(CultureInfo.InvariantCulture,
                    $"checksum({checksum.Value})이 취소가능 잔액({balance})과 일치하지 않습니다.")));
            }
            var cancelAmount = amount is null or 0 ? balance : amount.Value;
            if (cancelAmount > balance)
            {
                return Change<IResult>.Refuse(Envelope.Refused("결제취소에 실패하였습니다.(requested cancel amount is bigger than cancelable amount)"));
            }
            if (taxFree > cancelAmount)
            {
                return Change<IResult>.Refuse(Envelope.Refused("면세 취소금액(tax_free)이 취소금액보다 클 수 없습니다."));
            }
            if (payment.PayMethod == "vbank"
                && (string.IsNullOrEmpty(body.String("refund_holder")) || string.IsNullOrEmpty(body.String("refund_account"))
                    || body.String("refund_bank") is not { } bank || !Codes.RefundBanks.Contains(bank)))
            {
                return Change<IResult>.Refuse(Envelope.Refused("가상계좌 환불에는 refund_holder, refund_bank(은행 표준코드), refund_account가 필요합니다."));
            }

            var now = clock.GetUtcNow().ToUnixTimeSeconds();
            // The schema requires reason to be a string. PortOne documents no default, so a cancel without one
            // says nothing rather than a made-up reason a merchant could show as if someone had given it.
            var reason = body.String("reason") ?? "";
            var receipt = payment.ReceiptUrl is null ? null : $"{payment.ReceiptUrl}?cancellation_id={cancellationId}";
            var history = new CancelEntry($"{payment.PgTid}_c{payment.CancelHistory.Count + 1}", cancelAmount, now, reason, cancellationId, receipt);
            return Change<IResult>.To(payment with
            {
                Status = PaymentStatus.Cancelled,
                CancelAmount = payment.CancelAmount + cancelAmount,
                CancelledAt = now,
                CancelReason = reason,
                CancelHistory = [.. payment.CancelHistory, history],
                CancelReceiptUrls = receipt is null ? payment.CancelReceiptUrls : [.. payment.CancelReceiptUrls, receipt],
            });
        });
        if (updated is null)
        {
            return refusal ?? Envelope.Refused(NothingToCancel);
        }
        // API cancels notify the merchant only when asked to (enable_webhook defaults to false).
        if (body.Bool("enable_webhook"))
        {
            webhooks.Send(updated.Window.NoticeUrls, updated.Payment.ImpUid, updated.Payment.MerchantUid, PaymentStatus.Cancelled, cancellationId);
        }
        return Results.Bytes(updated.EnvelopeJson, "application/json; charset=utf-8");
    }
}
