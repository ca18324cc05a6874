using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Features.Receipts;

/// <summary>What staff were told, whether it worked, and what it touched (for the audit trail).</summary>
public sealed record DeskAnswer(bool Done, string Message, string? Target = null);

/// <summary>
/// Outside cash receipts (현금영수증 발급(외부)): for money that reached the merchant without PortOne,
/// e.g. a transfer to its own account. The server names each receipt with its own merchant_uid; the
/// buyer's number goes to PortOne in the request and nowhere else.
/// </summary>
public sealed partial class ExternalReceiptDesk(ExternalReceiptStore receipts, PortOneClient portOne, PortOneConnection connection,
    TimeProvider time, IStringLocalizer<Strings> l, ILogger<ExternalReceiptDesk> logger)
{
    /// <summary>PortOne's receipt name limit is not documented; 40 matches an order name.</summary>
    public const int MaxNameLength = 40;

    /// <summary>Well above any cash sale a person receipts by hand; a typo of three extra zeros stops here.</summary>
    public const long MaxAmount = 100_000_000;

    public Task<IReadOnlyList<ExternalReceipt>> ListAsync(CancellationToken cancellationToken = default) => receipts.ListAsync(200, cancellationToken);

    /// <param name="taxFree">The part of the amount that carries no VAT (books, for one); null or 0 when all of it does.</param>
    public async Task<DeskAnswer> IssueAsync(string name, long? amount, long? taxFree, string type, string? identifier, string staffName,
        CancellationToken cancellationToken = default)
    {
        // The description is kept and sent to PortOne, which prints it on the receipt.
        if (!SingleLine.Allows(name))
        {
            return new(false, l["TextControlCharacters"]);
        }
        name = name.Trim();
        if (name.Length is 0 or > MaxNameLength)
        {
            return new(false, l["OutsideReceiptNameInvalid", MaxNameLength]);
        }
        if (amount is not (> 0 and <= MaxAmount))
        {
            return new(false, l["OutsideReceiptAmountInvalid", Money.Won(MaxAmount)]);
        }
        if (taxFree is < 0 || taxFree > amount)
        {
            return new(false, l["OutsideReceiptTaxFreeInvalid"]);
        }
        if (type is not (CashReceiptIdentifier.Person or CashReceiptIdentifier.Company) || CashReceiptIdentifier.Classify(type, identifier) is not { } number)
        {
            return new(false, l["CashReceiptIdentifierInvalid"]);
        }

        var receipt = await receipts.AddAsync(MerchantUids.New("rcpt", time), name, amount.Value, taxFree ?? 0, type, staffName, cancellationToken);
        try
        {
            var issued = await portOne.IssueExternalReceiptAsync(receipt.MerchantUid,
                new ExternalReceiptRequest(name, amount.Value, number.Digits, number.IdentifierType, type)
                {
                    Pg = connection.Channel.Pg,
                    ChannelKey = connection.Channel.ChannelKey,
                    TaxFree = receipt.TaxFree > 0 ? receipt.TaxFree : null,
                }, cancellationToken);
            var told = l["CashReceiptIssued", issued.ApplyNum ?? "-"].Value;
            await receipts.UpdateAsync(receipt.Id, ExternalReceiptStatus.Issued, issued.ApplyNum, issued.ReceiptUrl, issued.AppliedAt, null, told, cancellationToken);
            return new(true, told, receipt.MerchantUid);
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            var told = l["CashReceiptIssueRefused", number.Mask(ex.PortOneMessage)].Value;
            await receipts.UpdateAsync(receipt.Id, ExternalReceiptStatus.Refused, null, null, null, null, told, cancellationToken);
            return new(false, told, receipt.MerchantUid);
        }
        catch (PortOneApiException ex)
        {
            // PortOne may or may not have issued it: the row stays "requested" until a look-up asks.
            Log.PortOneUnreachable(logger, ex, "issue", receipt.MerchantUid);
            var told = l["OutsideReceiptUnknown"].Value;
            await receipts.UpdateAsync(receipt.Id, ExternalReceiptStatus.Requested, null, null, null, null, told, cancellationToken);
            return new(false, told, receipt.MerchantUid);
        }
    }

    /// <summary>Asks PortOne how the receipt stands now and keeps its answer.</summary>
    public async Task<DeskAnswer> LookUpAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await receipts.FindAsync(id, cancellationToken) is not { } receipt)
        {
            return new(false, l["OutsideReceiptNotFound"]);
        }
        try
        {
            var found = await portOne.GetExternalReceiptAsync(receipt.MerchantUid, cancellationToken);
            if (found is null)
            {
                var none = l["OutsideReceiptNoneAtPortOne"].Value;
                // An issued receipt PortOne does not know is a contradiction for staff to see, not to paper over.
                var status = receipt.Status == ExternalReceiptStatus.Requested ? ExternalReceiptStatus.Refused : receipt.Status;
                await receipts.UpdateAsync(id, status, null, null, null, null, none, cancellationToken);
                return new(true, none);
            }
            return new(true, await KeepAsync(receipt, found, cancellationToken));
        }
        catch (PortOneApiException ex)
        {
            Log.PortOneUnreachable(logger, ex, "look-up", receipt.MerchantUid);
            return new(false, l["AdminPortOneDown"]);
        }
    }

    public async Task<DeskAnswer> CancelAsync(long id, CancellationToken cancellationToken = default)
    {
        if (await receipts.FindAsync(id, cancellationToken) is not { } receipt)
        {
            return new(false, l["OutsideReceiptNotFound"]);
        }
        if (receipt.Status != ExternalReceiptStatus.Issued)
        {
            return new(false, l["OutsideReceiptNotCancellable"]);
        }
        try
        {
            var cancelled = await portOne.CancelExternalReceiptAsync(receipt.MerchantUid, cancellationToken);
            return new(true, await KeepAsync(receipt, cancelled, cancellationToken), receipt.MerchantUid);
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            var told = l["CashReceiptCancelRefused", ex.PortOneMessage ?? "-"].Value;
            await receipts.UpdateAsync(id, receipt.Status, null, null, null, null, told, cancellationToken);
            return new(false, told, receipt.MerchantUid);
        }
        catch (PortOneApiException ex)
        {
            Log.PortOneUnreachable(logger, ex, "cancel", receipt.MerchantUid);
            return new(false, l["AdminPortOneDown"], receipt.MerchantUid);
        }
    }

    private async Task<string> KeepAsync(ExternalReceipt receipt, PortOneExternalReceipt answer, CancellationToken cancellationToken)
    {
        var (status, told) = answer.CancelledAt > 0
            ? (ExternalReceiptStatus.Cancelled, l["CashReceiptCancelled", answer.ApplyNum ?? receipt.ApplyNum ?? "-"].Value)
            : (ExternalReceiptStatus.Issued, l["CashReceiptIssued", answer.ApplyNum ?? "-"].Value);
        await receipts.UpdateAsync(receipt.Id, status, answer.ApplyNum, answer.ReceiptUrl, answer.AppliedAt > 0 ? answer.AppliedAt : null,
            answer.CancelledAt > 0 ? answer.CancelledAt : null, told, cancellationToken);
        return told;
    }

    /// <summary>Ours, unguessable, and apart from order numbers (<c>ord-</c>) at a glance.</summary>

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Outside cash receipt {MerchantUid}: PortOne did not answer the {Step}")]
        public static partial void PortOneUnreachable(ILogger logger, Exception exception, string step, string merchantUid);
    }
}
