using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Receipts;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// A refund as the staff member's form sent it: what they asked for, the refundable balance the page
/// showed them when it was rendered, and the form's one-time token.
/// </summary>
public sealed record RefundForm(string? Token, long SeenBalance, long? Amount, string Reason)
{
    public VbankRefundAccount? Account { get; init; }
}

/// <summary>What staff can do to an order. Every result goes through the one sync path; every answer is in the staff member's language.</summary>
public sealed class StaffActions(PortOneClient portOne, PaymentSync sync, OrderStore orders, IStringLocalizer<Strings> l)
{
    private const string RefundPurpose = "refund";

    /// <summary>Asks PortOne again, by imp_uid if we have one, else by merchant_uid.</summary>
    public async Task<string> RecheckAsync(Order order, CancellationToken cancellationToken = default)
    {
        if (order.ImpUid is { } impUid)
        {
            return Describe(await sync.SyncAsync(impUid, SyncSource.Admin, cancellationToken));
        }
        var latest = await portOne.FindPaymentAsync(order.MerchantUid, cancellationToken);
        return latest is null
            ? l["StaffNoPayment"]
            : Describe(await sync.ApplyAsync(latest, SyncSource.Admin, cancellationToken));
    }

    /// <summary>The one-time token a refund form for <paramref name="order"/> carries.</summary>
    public Task<string> NewRefundTokenAsync(Order order, CancellationToken cancellationToken = default) =>
        orders.IssueFormTokenAsync(order.Id, RefundPurpose, cancellationToken);

    /// <summary>
    /// Refunds what the form asks (no amount = everything left). The form's token is spent first, so a
    /// replayed form refunds nothing. The checksum is the balance the staff member saw: if PortOne's
    /// differs (a refund made since, here or in PortOne's console), PortOne refuses and nothing is
    /// refunded twice.
    /// </summary>
    public async Task<string> RefundAsync(Order order, RefundForm form, CancellationToken cancellationToken = default)
    {
        // First, so a replay says what it is even once the first copy has refunded everything; a form
        // refused below costs its token, and the page shows a fresh one with the answer.
        switch (await orders.SpendFormTokenAsync(form.Token, order.Id, RefundPurpose, cancellationToken))
        {
            case FormTokenState.AlreadyUsed:
                return l["StaffRefundAlreadySent"];
            case FormTokenState.Unknown:
                return l["StaffFormExpired"];
        }
        if (!OrderStatus.IsRefundable(order.Status) || order.ImpUid is null)
        {
            return l["StaffNotRefundable"];
        }
        if (form.Amount is <= 0 || form.Amount > order.RefundableAmount)
        {
            return l["StaffRefundRange", Money.Won(order.RefundableAmount)];
        }
        if (order.PayMethod == "vbank" && (form.Account is null ? "AdminRefundHolder" : form.Account.Problem) is { } field)
        {
            return l["StaffRefundAccountInvalid", l[field]];
        }
        try
        {
            var cancelled = await portOne.CancelAsync(new CancelPaymentRequest
            {
                ImpUid = order.ImpUid,
                Amount = form.Amount,
                TaxFree = TaxFreeShare(order, form.Amount ?? order.RefundableAmount),
                Checksum = form.SeenBalance,
                Reason = form.Reason,
                RefundHolder = form.Account?.Holder.Trim(),
                RefundBank = form.Account?.BankCode,
                RefundAccount = form.Account?.Digits,
            }, cancellationToken);
            return Describe(await sync.ApplyAsync(cancelled, SyncSource.Refund, cancellationToken));
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            await RecheckAsync(order, cancellationToken);
            return l["StaffRefundRefused", ex.PortOneMessage ?? ""];
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
            return l["StaffReceiptNotAllowed"];
        }
        if (CashReceiptIdentifier.Classify(type, identifier) is not { } number)
        {
            return l["CashReceiptIdentifierInvalid"];
        }
        try
        {
            var receipt = await portOne.IssueReceiptAsync(order.ImpUid, new CashReceiptRequest(
                number.Digits, number.IdentifierType, type, order.BuyerName, order.BuyerEmail, order.BuyerTel, order.TaxFree > 0 ? order.TaxFree : null), cancellationToken);
            await orders.RecordCashReceiptAsync(order, SyncSource.Admin, type, receipt.ApplyNum, receipt.ReceiptUrl, receipt.AppliedAt, cancellationToken);
            return l["CashReceiptIssued", receipt.ApplyNum ?? "-"];
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            return l["CashReceiptIssueRefused", number.Mask(ex.PortOneMessage) ?? ""];
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
            return l["CashReceiptNoneToCancel"];
        }
        try
        {
            var receipt = await portOne.CancelReceiptAsync(order.ImpUid, cancellationToken);
            await orders.RecordCashReceiptCancelledAsync(order, SyncSource.Admin, receipt.ApplyNum ?? order.CashReceiptApplyNum, cancellationToken);
            return l["CashReceiptCancelled", receipt.ApplyNum ?? order.CashReceiptApplyNum ?? "-"];
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            return l["CashReceiptCancelRefused", ex.PortOneMessage ?? "-"];
        }
    }

    /// <summary>
    /// The tax-free part refunded alongside, in proportion: the tax-free share of everything refunded once this refund is
    /// made, less the share of what was refunded before. Rounding each refund on its own would lose a won at every
    /// partial refund; this way the refunds' tax-free parts add up to the order's, the last one carrying the rest.
    /// </summary>
    internal static long TaxFreeShare(Order order, long refund) =>
        order.TaxFree == 0 ? 0 : TaxFreeOf(order, order.CancelledAmount + refund) - TaxFreeOf(order, order.CancelledAmount);

    private static long TaxFreeOf(Order order, long refunded) =>
        (long)Math.Round((decimal)order.TaxFree * Math.Min(refunded, order.Amount) / order.Amount, MidpointRounding.ToZero);

    private string Describe(SyncResult result) => result.Outcome switch
    {
        SyncOutcome.Applied => l["StaffApplied", l.Status(result.Order!.Status)],
        SyncOutcome.Unchanged => l["StaffUnchanged", result.Detail],
        SyncOutcome.Flagged => l["AdminNeedsAttention", result.Detail],
        SyncOutcome.UnknownPayment => l["StaffNoPayment"],
        _ => l["StaffUnknownOrder", result.Detail],
    };
}

/// <summary>Where a virtual-account payment is refunded to: PortOne cannot send the money back to the account it was paid into.</summary>
public sealed record VbankRefundAccount(string Holder, string BankCode, string Number)
{
    /// <summary>The number as TossPayments takes it, digits only: staff may type the hyphens a bankbook prints.</summary>
    public string Digits => string.Concat(Number.Where(char.IsAsciiDigit));

    /// <summary>The label (a resource name) of the first field PortOne would refuse, or null when all three would do.</summary>
    public string? Problem =>
        string.IsNullOrWhiteSpace(Holder) ? "AdminRefundHolder"
        : !RefundBanks.Knows(BankCode) ? "AdminRefundBank"
        : !Number.All(c => char.IsAsciiDigit(c) || c is '-' or ' ') || Digits.Length is < 10 or > 16 ? "VbankAccount"
        : null;
}
