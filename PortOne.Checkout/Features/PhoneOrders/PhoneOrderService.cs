using System.Globalization;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;

namespace PortOne.Checkout.Features.PhoneOrders;

/// <summary>
/// What staff typed for a phone order. Card fields are personal data: they are sent to PortOne and
/// nowhere else (no database, no log, no event, no page), and the caller clears them after the request.
/// </summary>
public sealed class PhoneOrderInput
{
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

    public void ClearCard() => (CardNumber, Expiry, Birth, Pwd2Digit) = ("", "", "", "");
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
    /// <summary>PortOne did not answer: the order stays pending until reconciliation learns the outcome.</summary>
    Unknown,
}

public sealed record PhoneOrderResult(PhoneOrderOutcome Outcome, Order? Order, string Detail);

/// <summary>
/// Phone orders (수기결제): a card payment by <c>POST /subscribe/payments/onetime</c> on the billing channel,
/// recorded as an order like any other and settled by the one sync.
/// </summary>
public sealed class PhoneOrderService(OrderStore orders, PortOneClient portOne, PaymentSync sync, PortOneConnection connection,
    PublicUrls urls, TimeProvider time)
{
    public const string Source = "phone";

    /// <summary>Card installments exist only from 50,000 won.</summary>
    public const long InstallmentMinimum = 50_000;

    public async Task<PhoneOrderResult> ChargeAsync(PhoneOrderInput input, CancellationToken cancellationToken = default)
    {
        if (Validate(input) is { } problem)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Invalid, null, problem);
        }
        var digits = Digits(input.CardNumber);
        var merchantUid = MerchantUids.New("tel", time);
        var order = await orders.CreateAsync(new NewOrder(merchantUid, input.OrderName.Trim(), input.Amount!.Value, 0, "KRW", "card",
            input.CardQuota, null, input.BuyerName.Trim(), input.BuyerEmail.Trim(), input.BuyerTel.Trim(), "", ""), [], cancellationToken);
        var channel = connection.BillingChannel;
        PortOnePayment payment;
        try
        {
            payment = await portOne.ChargeCardAsync(new KeyedCardCharge
            {
                MerchantUid = order.MerchantUid, Amount = order.Amount, Name = order.OrderName, CardQuota = order.CardQuota,
                CardNumber = string.Join('-', digits.Chunk(4).Select(c => new string(c))), Expiry = Expiry(input.Expiry)!,
                Birth = Digits(input.Birth), Pwd2digit = Digits(input.Pwd2Digit), BuyerName = order.BuyerName,
                BuyerEmail = order.BuyerEmail, BuyerTel = order.BuyerTel, NoticeUrl = urls.Absolute("api/v1/payments/notice"),
                Pg = channel.Pg, ChannelKey = channel.ChannelKey,
            }, cancellationToken);
        }
        catch (PortOneApiException ex) when (ex.Code is not null && !ex.IsTransient)
        {
            // Refused before the card company charged anything: no payment exists to sync.
            var reason = (ex.Code == -1 ? "card authentication failed: " : "PortOne refused the payment: ") + ex.PortOneMessage;
            await orders.TransitionAsync(new OrderTransition
            {
                OrderId = order.Id, MerchantUid = order.MerchantUid, From = OrderStatus.Pending, FromCancelledAmount = 0,
                To = OrderStatus.Failed, Source = Source, Reason = reason,
            }, cancellationToken);
            return new PhoneOrderResult(ex.Code == -1 ? PhoneOrderOutcome.AuthenticationFailed : PhoneOrderOutcome.Declined,
                await orders.FindAsync(order.MerchantUid, cancellationToken), ex.PortOneMessage ?? "");
        }
        catch (PortOneApiException)
        {
            return new PhoneOrderResult(PhoneOrderOutcome.Unknown, order, "");
        }
        var result = await sync.ApplyAsync(payment, Source, cancellationToken);
        return payment.Status == "paid" && result.Order?.Status == OrderStatus.Paid
            ? new PhoneOrderResult(PhoneOrderOutcome.Paid, result.Order, "")
            : new PhoneOrderResult(PhoneOrderOutcome.Declined, result.Order, payment.FailReason ?? result.Detail);
    }

    /// <summary>Names the field that is wrong, never what was typed into it.</summary>
    private static string? Validate(PhoneOrderInput input)
    {
        if (string.IsNullOrWhiteSpace(input.OrderName) || input.OrderName.Trim().Length > 40)
        {
            return "order-name";
        }
        if (input.Amount is not (> 0 and <= 100_000_000))
        {
            return "amount";
        }
        if (input.CardQuota != 0 && (input.CardQuota is < 2 or > 12 || input.Amount < InstallmentMinimum))
        {
            return "card-quota";
        }
        if (string.IsNullOrWhiteSpace(input.BuyerName) || input.BuyerName.Trim().Length > 16)
        {
            return "buyer-name";
        }
        if (Digits(input.CardNumber).Length is < 15 or > 16 || input.CardNumber.Any(c => !char.IsAsciiDigit(c) && c is not ('-' or ' ')))
        {
            return "card-number";
        }
        if (Expiry(input.Expiry) is null)
        {
            return "expiry";
        }
        if (Digits(input.Birth).Length is not (6 or 10))
        {
            return "birth";
        }
        if (Digits(input.Pwd2Digit).Length != 2)
        {
            return "pwd-2digit";
        }
        return null;
    }

    private static string Digits(string value) => new(value.Where(char.IsAsciiDigit).ToArray());

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
}
