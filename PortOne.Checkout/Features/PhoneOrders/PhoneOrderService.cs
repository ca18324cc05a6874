using System.Data.Common;
using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.PhoneOrders;

/// <summary>
/// What staff typed for a phone order. Card fields are personal data: they are sent to PortOne and
/// nowhere else (no database, no log, no event, no page), and the caller clears them after the request.
/// </summary>
public sealed class PhoneOrderInput
{
    /// <summary>The charge this form may make once (<see cref="PhoneOrderService.NewRequestKey"/>); null makes a new one.</summary>
    public string? RequestKey { get; set; }

    public string OrderName { get; set; } = "";
    public long? Amount { get; set; }
    public int CardQuota { get; set; }
    public string BuyerName { get; set; } = "";
    public string BuyerTel { get; set; } = "";
    public string BuyerEmail { get; set; } = "";
    public string CardNumber { get; set; } = "";
    public string Expiry { get; set; } = "";
    public string Birth { get; set; } = "";
    public string Pwd2Digit { get; set; } = "";
    /// <summary>Also keep the card at PortOne as a billing key, to charge later without asking for it again.</summary>
    public bool SaveCard { get; set; }

    public void ClearCard() => (CardNumber, Expiry, Birth, Pwd2Digit) = ("", "", "", "");
}

/// <summary>A card to keep as a billing key without charging it. The card fields are cleared by the caller after the request.</summary>
public sealed class CardRegistrationInput
{
    public string HolderName { get; set; } = "";
    public string HolderTel { get; set; } = "";
    public string HolderEmail { get; set; } = "";
    public string CardNumber { get; set; } = "";
    public string Expiry { get; set; } = "";
    public string Birth { get; set; } = "";
    public string Pwd2Digit { get; set; } = "";

    public void ClearCard() => (CardNumber, Expiry, Birth, Pwd2Digit) = ("", "", "", "");
}

/// <summary>A charge on a saved card: no card data, only which card and how much.</summary>
public sealed class SavedCardChargeInput
{
    /// <summary>The charge this form may make once (<see cref="PhoneOrderService.NewRequestKey"/>); null makes a new one.</summary>
    public string? RequestKey { get; set; }

    public long SavedCardId { get; set; }
    public string OrderName { get; set; } = "";
    public long? Amount { get; set; }
    public int CardQuota { get; set; }
}

/// <summary>The card staff confirmed removing.</summary>
public sealed class SavedCardRemovalInput
{
    public long SavedCardId { get; set; }
}

public enum PhoneOrderOutcome
{
    /// <summary>Staff input the server will not send (the message says which field, never its value).</summary>
    Invalid,
    Paid,
    /// <summary>The card company declined (limit, suspended card): PortOne's <c>fail_reason</c>.</summary>
    Declined,
    /// <summary>The card did not authenticate (number, expiry, birth date or PIN digits wrong): no payment exists.</summary>
    AuthenticationFailed,
    /// <summary>PortOne would not charge the saved key (deleted, unknown or no longer valid): no payment exists.</summary>
    KeyRefused,
    /// <summary>PortOne did not answer: the order stays pending until reconciliation learns the outcome.</summary>
    Unknown,
    /// <summary>
    /// PortOne took the payment, but the sync did not mark the order paid (it flagged it instead: a test-channel
    /// payment in Live mode, another PG): the money may have moved, so the card must not be charged again.
    /// </summary>
    Held,
    /// <summary>This form's charge was already made (a double click, back and resubmit): nothing was sent again.</summary>
    AlreadyDone,
    /// <summary>Staff removed the saved card (a form shown before, another tab): nothing was sent and no order made.</summary>
    CardRemoved,
}

/// <summary>How a phone order ended; <see cref="Card"/> is the saved card when staff asked to keep it and PortOne did.</summary>
public sealed record PhoneOrderResult(PhoneOrderOutcome Outcome, Order? Order, string Detail, SavedCard? Card = null)
{
    /// <summary>PortOne took the money (the order paid, or held for staff): a form must not offer the same charge again.</summary>
    public bool MoneyMoved => Outcome is PhoneOrderOutcome.Paid or PhoneOrderOutcome.Held;
}

public enum CardRegistrationOutcome
{
    Invalid,
    Registered,
    /// <summary>The card did not authenticate: PortOne keeps no key.</summary>
    AuthenticationFailed,
    /// <summary>PortOne refused for another reason (its message says which).</summary>
    Refused,
    /// <summary>PortOne did not answer and has no key under the id either, as far as we can tell.</summary>
    Unknown,
}

public sealed record CardRegistrationResult(CardRegistrationOutcome Outcome, SavedCard? Card, string Detail);

public enum CardRemovalOutcome
{
    /// <summary>No such card: nothing was sent.</summary>
    NotFound,
    /// <summary>PortOne deleted the key (or had none) and the card is marked removed.</summary>
    Removed,
    /// <summary>The card was removed before (a second post, another tab): nothing changed.</summary>
    AlreadyRemoved,
    /// <summary>PortOne did not confirm the deletion (unreachable, an error, a refusal): the card stays as it was.</summary>
    Failed,
}

/// <summary>How a removal ended; <see cref="Detail"/> is PortOne's message when it refused, else empty.</summary>
public sealed record CardRemovalResult(CardRemovalOutcome Outcome, SavedCard? Card, string Detail);

/// <summary>Audit actions of phone orders; shown through the resource key <c>Audit_{action}</c>. Never with card data.</summary>
public static class PhoneOrderAuditActions
{
    public const string PhoneOrder = "phone-order";
    public const string CardSaved = "card-saved";
    public const string SavedCardCharge = "saved-card-charge";
    public const string CardRemoved = "card-removed";

    public static readonly IReadOnlyList<string> All = [PhoneOrder, CardSaved, SavedCardCharge, CardRemoved];
}

/// <summary>
/// Phone orders (수기결제): a card payment by <c>POST /subscribe/payments/onetime</c> on the billing channel, a card
/// kept as a billing key (with that payment, or alone by <c>POST /subscribe/customers/{customer_uid}</c>), and later
/// charges of a kept card by <c>POST /subscribe/payments/again</c>. Every charge is an order with a merchant_uid made
/// here, settled by the one sync; every key id is made here, never typed, and a key counts only once
/// <c>GET /subscribe/customers/{customer_uid}</c> shows it. A card is removed by deleting its key at PortOne
/// first (<c>DELETE /subscribe/customers/{customer_uid}</c>) and only then here. Each action leaves an audit entry
/// without card data.
/// </summary>
public sealed class PhoneOrderService(OrderStore orders, SavedCardStore cards, PortOneClient portOne, PaymentSync sync,
    PortOneConnection connection, PublicUrls urls, AuditTrail audit, IDataProtectionProvider dataProtection, TimeProvider time)
{
    private readonly IDataProtector _requestKeys = dataProtection.CreateProtector("PortOne.Checkout.PhoneOrders.RequestKey");

    public const string Source = "phone";

    /// <summary>Card installments exist only from 50,000 won.</summary>
    public const long InstallmentMinimum = 50_000;

    /// <summary>
    /// A charge form's idempotency key: the merchant_uid its charge will have, made here and sealed so a
    /// form cannot name another. A copy of the form posted again finds that order made and sends nothing.
    /// </summary>
    public string NewRequestKey() => _requestKeys.Protect(MerchantUids.New("tel", time));

    public async Task<PhoneOrderResult> ChargeAsync(PhoneOrderInput input, ClaimsPrincipal staff, CancellationToken cancellationToken = default)
    {
        var result = await ChargeCardAsync(input, staff, cancellationToken);
        await RecordAsync(staff, PhoneOrderAuditActions.PhoneOrder, result.Order?.MerchantUid, result, input.Amount, cancellationToken);
        return result;
    }

    /// <summary>Keeps a card as a billing key without moving money.</summary>
    public async Task<CardRegistrationResult> RegisterCardAsync(CardRegistrationInput input, ClaimsPrincipal staff, CancellationToken cancellationToken = default)
    {
        var result = await IssueKeyAsync(input, staff, cancellationToken);
        await audit.RecordAsync(staff, PhoneOrderAuditActions.CardSaved, result.Card?.CustomerUid, ResultOf(result.Outcome == CardRegistrationOutcome.Unknown),
            // A refused form's name is not kept: it may be the very text that was refused.
            $"{result.Outcome}{(result.Card is { } card ? $" · saved card #{card.Id}" : "")} · "
            + (result.Outcome == CardRegistrationOutcome.Invalid ? "field " + result.Detail : input.HolderName.Trim()), cancellationToken);
        return result;
    }

    /// <summary>Charges a saved card: an order of its own, with <c>again</c>, settled by the sync.</summary>
    public async Task<PhoneOrderResult> ChargeSavedCardAsync(SavedCardChargeInput input, ClaimsPrincipal staff, CancellationToken cancellationToken = default)
    {
        var result = await ChargeKeyAsync(input, cancellationToken);
        await RecordAsync(staff, PhoneOrderAuditActions.SavedCardCharge, result.Order?.MerchantUid, result, input.Amount, cancellationToken,
            $"saved card #{input.SavedCardId}");
        return result;
    }

    /// <summary>
    /// Removes a saved card: PortOne deletes the key first, and only its confirmation (or its answer that it has no
    /// such key, as after an earlier attempt whose answer was lost) marks the card removed here. If PortOne does not
    /// confirm, nothing changes and staff may try again. Two posts at once may both ask PortOne; the second deletion
    /// finds no key, which is the same outcome, and only one marks the card.
    /// </summary>
    public async Task<CardRemovalResult> RemoveCardAsync(long savedCardId, ClaimsPrincipal staff, CancellationToken cancellationToken = default)
    {
        if (await cards.FindAsync(savedCardId, cancellationToken) is not { } card)
        {
            return new CardRemovalResult(CardRemovalOutcome.NotFound, null, "");
        }
        if (card.IsRemoved)
        {
            return new CardRemovalResult(CardRemovalOutcome.AlreadyRemoved, card, "");
        }
        try
        {
            await portOne.DeleteCustomerAsync(card.CustomerUid, "phone order card removed by staff", cancellationToken);
        }
        catch (PortOneApiException ex)
        {
            await audit.RecordAsync(staff, PhoneOrderAuditActions.CardRemoved, card.CustomerUid, AuditResults.Failed,
                $"saved card #{card.Id} kept: {ex.Message}", cancellationToken);
            return new CardRemovalResult(CardRemovalOutcome.Failed, card, ex.IsTransient ? "" : ex.PortOneMessage ?? "");
        }
        if (!await cards.MarkRemovedAsync(card.Id, staff.Identity?.Name ?? "?", cancellationToken))
        {
            return new CardRemovalResult(CardRemovalOutcome.AlreadyRemoved, await cards.FindAsync(card.Id, cancellationToken), "");
        }
        await audit.RecordAsync(staff, PhoneOrderAuditActions.CardRemoved, card.CustomerUid, AuditResults.Done,
            $"saved card #{card.Id} removed; billing key deleted at PortOne", cancellationToken);
        return new CardRemovalResult(CardRemovalOutcome.Removed, await cards.FindAsync(card.Id, cancellationToken), "");
    }

    private async Task<PhoneOrderResult> ChargeCardAsync(PhoneOrderInput input, ClaimsPrincipal staff, CancellationToken cancellationToken)
    {
        if ((OrderProblem(input.OrderName, input.Amount, input.CardQuota) ?? BuyerProblem(input.BuyerName, input.BuyerTel, input.BuyerEmail)
             ?? CardProblem(input.CardNumber, input.Expiry, input.Birth, input.Pwd2Digit)) is { } problem)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Invalid, null, problem);
        }
        var claim = await ClaimOrderAsync(input.RequestKey, merchantUid => new NewOrder(merchantUid, input.OrderName.Trim(), input.Amount!.Value, 0,
            "KRW", "card", input.CardQuota, null, input.BuyerName.Trim(), input.BuyerEmail.Trim(), input.BuyerTel.Trim(), "", ""), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            return refusal;
        }
        var order = claim.Order!;
        var customerUid = input.SaveCard ? NewCustomerUid() : null;
        var channel = connection.BillingChannel;
        PortOnePayment payment;
        try
        {
            payment = await portOne.ChargeCardAsync(new KeyedCardCharge
            {
                MerchantUid = order.MerchantUid, Amount = order.Amount, Name = order.OrderName, CardQuota = order.CardQuota,
                CardNumber = CardNumber(input.CardNumber), Expiry = Expiry(input.Expiry)!, Birth = Digits(input.Birth), Pwd2digit = Digits(input.Pwd2Digit),
                BuyerName = order.BuyerName, BuyerEmail = order.BuyerEmail, BuyerTel = order.BuyerTel, NoticeUrl = NoticeUrl,
                Pg = channel.Pg, ChannelKey = channel.ChannelKey, CustomerUid = customerUid,
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            // Refused before the card company charged anything: no payment (and no key) exists to sync.
            return await RefusedAsync(order, ex, ex.Code == -1 ? PhoneOrderOutcome.AuthenticationFailed : PhoneOrderOutcome.Declined,
                ex.Code == -1 ? "card authentication failed: " : "PortOne refused the payment: ", cancellationToken);
        }
        catch (PortOneApiException)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Unknown, order, "", await KeepKeyAsync(customerUid, null, order, staff, cancellationToken));
        }
        var result = await sync.ApplyAsync(payment, Source, cancellationToken);
        // The card authenticated, so PortOne keeps the key even when the charge is declined: kept here too, or no one could see or use it.
        var card = await KeepKeyAsync(customerUid, null, order, staff, cancellationToken);
        return Settled(payment, result, card);
    }

    /// <summary>What PortOne's answer to a charge, once synced, means to the member of staff on the phone.</summary>
    private static PhoneOrderResult Settled(PortOnePayment payment, SyncResult result, SavedCard? card = null) =>
        payment.Status != "paid" ? new PhoneOrderResult(PhoneOrderOutcome.Declined, result.Order, payment.FailReason ?? result.Detail, card)
        : result.Order?.Status == OrderStatus.Paid ? new PhoneOrderResult(PhoneOrderOutcome.Paid, result.Order, "", card)
        : new PhoneOrderResult(PhoneOrderOutcome.Held, result.Order, result.Order?.Flag ?? result.Detail, card);

    /// <summary>
    /// Creates the form's order, once. A key this server did not seal is refused; a key whose order exists
    /// (a copy of the form posted before, or at the same moment) is answered with that order, and nothing is charged.
    /// </summary>
    private async Task<(Order? Order, PhoneOrderResult? Refusal)> ClaimOrderAsync(string? requestKey, Func<string, NewOrder> newOrder,
        CancellationToken cancellationToken)
    {
        string merchantUid;
        try
        {
            merchantUid = requestKey is null ? MerchantUids.New("tel", time) : _requestKeys.Unprotect(requestKey);
        }
        catch (CryptographicException)
        {
            return (null, new PhoneOrderResult(PhoneOrderOutcome.Invalid, null, "request"));
        }
        if (await orders.FindAsync(merchantUid, cancellationToken) is { } made)
        {
            return (null, new PhoneOrderResult(PhoneOrderOutcome.AlreadyDone, made, ""));
        }
        try
        {
            return (await orders.CreateAsync(newOrder(merchantUid), [], cancellationToken), null);
        }
        catch (DbException)
        {
            // merchant_uid is unique: a copy that got there first made the order.
            if (await orders.FindAsync(merchantUid, CancellationToken.None) is not { } raced)
            {
                throw;
            }
            return (null, new PhoneOrderResult(PhoneOrderOutcome.AlreadyDone, raced, ""));
        }
    }

    private async Task<CardRegistrationResult> IssueKeyAsync(CardRegistrationInput input, ClaimsPrincipal staff, CancellationToken cancellationToken)
    {
        if ((BuyerProblem(input.HolderName, input.HolderTel, input.HolderEmail) ?? CardProblem(input.CardNumber, input.Expiry, input.Birth, input.Pwd2Digit)) is { } problem)
        {
            return new CardRegistrationResult(CardRegistrationOutcome.Invalid, null, problem);
        }
        var customerUid = NewCustomerUid();
        var customerId = "tel" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var holder = new Holder(input.HolderName.Trim(), input.HolderTel.Trim(), input.HolderEmail.Trim());
        var channel = connection.BillingChannel;
        try
        {
            await portOne.IssueBillingKeyAsync(customerUid, new BillingKeyRegistration
            {
                CustomerId = customerId, CardNumber = CardNumber(input.CardNumber), Expiry = Expiry(input.Expiry)!, Birth = Digits(input.Birth),
                Pwd2digit = Digits(input.Pwd2Digit), CustomerName = holder.Name, CustomerTel = NullIfEmpty(holder.Tel),
                CustomerEmail = NullIfEmpty(holder.Email), Pg = channel.Pg, ChannelKey = channel.ChannelKey,
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            return new CardRegistrationResult(ex.Code == -1 ? CardRegistrationOutcome.AuthenticationFailed : CardRegistrationOutcome.Refused, null,
                ex.PortOneMessage ?? "");
        }
        catch (PortOneApiException)
        {
            // Unknown whether PortOne made the key: it is ours only if PortOne shows it.
            return await KeepKeyAsync(customerUid, holder, null, staff, cancellationToken) is { } found
                ? new CardRegistrationResult(CardRegistrationOutcome.Registered, found, "")
                : new CardRegistrationResult(CardRegistrationOutcome.Unknown, null, "");
        }
        return await KeepKeyAsync(customerUid, holder, null, staff, cancellationToken) is { } card
            ? new CardRegistrationResult(CardRegistrationOutcome.Registered, card, "")
            : new CardRegistrationResult(CardRegistrationOutcome.Unknown, null, "");
    }

    private async Task<PhoneOrderResult> ChargeKeyAsync(SavedCardChargeInput input, CancellationToken cancellationToken)
    {
        if (OrderProblem(input.OrderName, input.Amount, input.CardQuota) is { } problem)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Invalid, null, problem);
        }
        if (await cards.FindAsync(input.SavedCardId, cancellationToken) is not { } card)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Invalid, null, "saved-card");
        }
        if (card.IsRemoved)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.CardRemoved, null, "");
        }
        var claim = await ClaimOrderAsync(input.RequestKey, merchantUid => new NewOrder(merchantUid, input.OrderName.Trim(), input.Amount!.Value, 0,
            "KRW", "card", input.CardQuota, null, card.HolderName, card.HolderEmail, card.HolderTel, "", ""), cancellationToken);
        if (claim.Refusal is { } refusal)
        {
            return refusal;
        }
        var order = claim.Order!;
        var channel = connection.BillingChannel;
        PortOnePayment payment;
        try
        {
            payment = await portOne.ChargeBillingKeyAsync(new BillingKeyCharge
            {
                CustomerUid = card.CustomerUid, MerchantUid = order.MerchantUid, Amount = order.Amount, Name = order.OrderName,
                CardQuota = order.CardQuota, BuyerName = order.BuyerName, BuyerEmail = NullIfEmpty(order.BuyerEmail), BuyerTel = NullIfEmpty(order.BuyerTel),
                NoticeUrl = NoticeUrl, Pg = channel.Pg, ChannelKey = channel.ChannelKey,
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            return await RefusedAsync(order, ex, ex.Code == -1 ? PhoneOrderOutcome.KeyRefused : PhoneOrderOutcome.Declined,
                "PortOne refused the saved card: ", cancellationToken);
        }
        catch (PortOneApiException)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Unknown, order, "");
        }
        return Settled(payment, await sync.ApplyAsync(payment, Source, cancellationToken));
    }

    private async Task<PhoneOrderResult> RefusedAsync(Order order, PortOneApiException ex, PhoneOrderOutcome outcome, string reason,
        CancellationToken cancellationToken)
    {
        await orders.TransitionAsync(new OrderTransition
        {
            OrderId = order.Id, MerchantUid = order.MerchantUid, From = OrderStatus.Pending, FromCancelledAmount = 0,
            To = OrderStatus.Failed, Source = Source, Reason = reason + ex.PortOneMessage,
        }, cancellationToken);
        return new PhoneOrderResult(outcome, await orders.FindAsync(order.MerchantUid, cancellationToken), ex.PortOneMessage ?? "");
    }

    /// <summary>
    /// Keeps the key only as PortOne shows it (its masked card, its customer_id); null when there is no key or PortOne
    /// cannot be asked now. The holder is the order's buyer when the key came with a payment.
    /// </summary>
    private async Task<SavedCard?> KeepKeyAsync(string? customerUid, Holder? holder, Order? order, ClaimsPrincipal staff, CancellationToken cancellationToken)
    {
        if (customerUid is null)
        {
            return null;
        }
        PortOneCustomer? customer;
        try
        {
            customer = await portOne.GetCustomerAsync(customerUid, cancellationToken);
        }
        catch (PortOneApiException)
        {
            return null;
        }
        if (customer is null)
        {
            return null;
        }
        holder ??= new Holder(order!.BuyerName, order.BuyerTel, order.BuyerEmail);
        return await cards.SaveAsync(customerUid, customer.CustomerId ?? "", holder.Name, holder.Tel, holder.Email, customer.CardName, customer.CardNumber,
            staff.Identity?.Name ?? "?", cancellationToken);
    }

    private Task RecordAsync(ClaimsPrincipal staff, string action, string? target, PhoneOrderResult result, long? amount, CancellationToken cancellationToken,
        string? about = null) =>
        audit.RecordAsync(staff, action, target, ResultOf(result.Outcome == PhoneOrderOutcome.Unknown), string.Join(" · ", new[]
        {
            about, amount is { } won ? Money.Won(won) : null, result.Outcome.ToString(),
            result.Outcome == PhoneOrderOutcome.Invalid ? "field " + result.Detail : NullIfEmpty(result.Detail),
            result.Card is { } card ? $"card saved as #{card.Id} ({card.CustomerUid})" : null,
        }.Where(part => part is not null)), cancellationToken);

    private static string ResultOf(bool unanswered) => unanswered ? AuditResults.Failed : AuditResults.Done;

    private string NoticeUrl => urls.Absolute("api/v1/payments/notice");

    /// <summary>A billing key id: unguessable, made here, never typed by staff.</summary>
    private static string NewCustomerUid() => "cuid_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Names the field that is wrong, never what was typed into it.</summary>
    private static string? OrderProblem(string orderName, long? amount, int cardQuota)
    {
        if (string.IsNullOrWhiteSpace(orderName) || orderName.Trim().Length > 40 || !SingleLine.Allows(orderName))
        {
            return "order-name";
        }
        if (amount is not (> 0 and <= 100_000_000))
        {
            return "amount";
        }
        if (cardQuota != 0 && (cardQuota is < 2 or > 12 || amount < InstallmentMinimum))
        {
            return "card-quota";
        }
        return null;
    }

    /// <summary>The buyer's details go into the order and to PortOne (and so onto the card slip): one line each.</summary>
    private static string? BuyerProblem(string buyerName, string buyerTel, string buyerEmail) =>
        string.IsNullOrWhiteSpace(buyerName) || buyerName.Trim().Length > 16 || !SingleLine.Allows(buyerName) ? "buyer-name"
        : !SingleLine.Allows(buyerTel) ? "buyer-tel"
        : !SingleLine.Allows(buyerEmail) ? "buyer-email"
        : null;

    private static string? CardProblem(string cardNumber, string expiry, string birth, string pwd2Digit)
    {
        if (Digits(cardNumber).Length is < 15 or > 16 || cardNumber.Any(c => !char.IsAsciiDigit(c) && c is not ('-' or ' ')))
        {
            return "card-number";
        }
        if (Expiry(expiry) is null)
        {
            return "expiry";
        }
        if (Digits(birth).Length is not (6 or 10))
        {
            return "birth";
        }
        if (Digits(pwd2Digit).Length != 2)
        {
            return "pwd-2digit";
        }
        return null;
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

    /// <summary>PortOne's dddd-dddd-dddd-dddd.</summary>
    private static string CardNumber(string value) => string.Join('-', Digits(value).Chunk(4).Select(c => new string(c)));

    /// <summary>PortOne wants YYYY-MM; staff read MM/YY off a card.</summary>
    private static string? Expiry(string value)
    {
        var text = value.Trim();
        if (DateTime.TryParseExact(text, ["yyyy-MM", "MM/yy", "MMyy", "MM/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        }
        return null;
    }

    private sealed record Holder(string Name, string Tel, string Email);
}
