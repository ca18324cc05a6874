using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Receipts;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

/// <summary>What staff can do to an order. Every result goes through the one sync path.</summary>
public sealed class StaffActions(PortOneClient portOne, PaymentSync sync, OrderStore orders)
{
    /// <summary>Asks PortOne again, by imp_uid if we have one, else by merchant_uid.</summary>
    public async Task<string> RecheckAsync(Order order, CancellationToken cancellationToken = default)
    {
        if (order.ImpUid is { } impUid)
        {
            return Describe(await sync.SyncAsync(impUid, SyncSource.Admin, cancellationToken));
        }
        var latest = await portOne.FindPaymentAsync(order.MerchantUid, cancellationToken);
        return latest is null
            ? "PortOne에 이 주문의 결제가 없습니다. / PortOne has no payment for this order."
            : Describe(await sync.ApplyAsync(latest, SyncSource.Admin, cancellationToken));
    }

    /// <summary>
    /// Refunds <paramref name="amount"/> (null = everything left). The checksum is our view of the
    /// refundable balance: if PortOne's differs (a refund we have not seen), PortOne refuses and
    /// nothing is refunded twice.
    /// </summary>
    public async Task<string> RefundAsync(Order order, long? amount, string reason, VbankRefundAccount? account, CancellationToken cancellationToken = default)
    {
        if (!OrderStatus.IsRefundable(order.Status) || order.ImpUid is null)
        {
            return "환불할 수 없는 상태입니다. / This order cannot be refunded.";
        }
        if (amount is <= 0 || amount > order.RefundableAmount)
        {
            return $"환불 금액은 1원 이상 {order.RefundableAmount:#,0}원 이하입니다. / The refund must be between 1 and {order.RefundableAmount:#,0} won.";
        }
        try
        {
            var cancelled = await portOne.CancelAsync(new CancelPaymentRequest
            {
                ImpUid = order.ImpUid,
                Amount = amount,
                TaxFree = TaxFreeShare(order, amount ?? order.RefundableAmount),
                Checksum = order.RefundableAmount,
                Reason = reason,
                RefundHolder = account?.Holder,
                RefundBank = account?.BankCode,
                RefundAccount = account?.Number,
            }, cancellationToken);
            return Describe(await sync.ApplyAsync(cancelled, SyncSource.Refund, cancellationToken));
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            await RecheckAsync(order, cancellationToken);
            return $"PortOne이 환불을 거절했습니다: {ex.PortOneMessage} / PortOne refused the refund.";
        }
    }

    /// <summary>
    /// Issues a cash receipt (현금영수증) for a paid transfer or virtual account: <paramref name="type"/> is
    /// <c>person</c> (소득공제, a phone or cash-receipt card number) or <c>company</c> (지출증빙, a business
    /// number). The identifier goes to PortOne only; it is neither stored nor logged.
    /// </summary>
    public async Task<string> IssueCashReceiptAsync(Order order, string identifier, string type, CancellationToken cancellationToken = default)
    {
        if (!order.AllowsCashReceipt || order.ImpUid is null)
        {
            return "현금영수증을 발급할 수 없는 주문입니다. / No cash receipt can be issued for this order.";
        }
        if (CashReceiptIdentifier.Classify(type, identifier) is not { } number)
        {
            return "소득공제는 휴대폰 번호나 현금영수증 카드 번호, 지출증빙은 사업자등록번호를 입력하세요. / Enter a phone or card number (income deduction) or a business number (expense proof).";
        }
        try
        {
            var receipt = await portOne.IssueReceiptAsync(order.ImpUid, new CashReceiptRequest(
                number.Digits, number.IdentifierType, type, order.BuyerName, order.BuyerEmail, order.BuyerTel, order.TaxFree > 0 ? order.TaxFree : null), cancellationToken);
            await orders.RecordCashReceiptAsync(order, SyncSource.Admin, type, receipt.ApplyNum, receipt.ReceiptUrl, receipt.AppliedAt, cancellationToken);
            return $"현금영수증을 발급했습니다 (승인번호 {receipt.ApplyNum}). / Cash receipt issued.";
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            return $"PortOne이 현금영수증 발급을 거절했습니다: {number.Mask(ex.PortOneMessage)} / PortOne refused the cash receipt.";
        }
    }

    /// <summary>
    /// Cancels the cash receipt issued for the order (<c>DELETE /receipts/{imp_uid}</c>). The order keeps
    /// the cancellation on its timeline and may be given a new receipt afterwards.
    /// </summary>
    public async Task<string> CancelCashReceiptAsync(Order order, CancellationToken cancellationToken = default)
    {
        if (order.CashReceiptIssuedAt is null || order.ImpUid is null)
        {
            return Strings.Get("CashReceiptNoneToCancel");
        }
        try
        {
            var receipt = await portOne.CancelReceiptAsync(order.ImpUid, cancellationToken);
            await orders.RecordCashReceiptCancelledAsync(order, SyncSource.Admin, receipt.ApplyNum ?? order.CashReceiptApplyNum, cancellationToken);
            return Strings.Format("CashReceiptCancelled", receipt.ApplyNum ?? order.CashReceiptApplyNum ?? "-");
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            return Strings.Format("CashReceiptCancelRefused", ex.PortOneMessage ?? "-");
        }
    }

    /// <summary>The tax-free part refunded alongside, in proportion, never more than what is left of it.</summary>
    private static long TaxFreeShare(Order order, long refund) =>
        order.TaxFree == 0 ? 0 : Math.Min(order.TaxFree, (long)Math.Round((decimal)order.TaxFree * refund / order.Amount, MidpointRounding.ToZero));

    private static string Describe(SyncResult result) => result.Outcome switch
    {
        SyncOutcome.Applied => $"반영했습니다: {OrderStatusText.Label(result.Order!.Status)} / Applied.",
        SyncOutcome.Unchanged => $"변경 없음 ({result.Detail}) / No change.",
        SyncOutcome.Flagged => $"확인 필요: {result.Detail} / Needs attention.",
        _ => $"{result.Outcome}: {result.Detail}",
    };
}

public sealed record VbankRefundAccount(string Holder, string BankCode, string Number);
