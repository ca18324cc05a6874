using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

/// <summary>Billing keys (/subscribe/customers) and window-less card payments (onetime, again).</summary>
internal static class SubscribeApi
{
    private const string DuplicatePaid = "이미 결제가 완료된 merchant_uid입니다.";

    /// <summary>PortOne's schema caps customer_uid at 80 characters.</summary>
    private const int MaxCustomerUidLength = 80;

    private const string CustomerUidTooLong = "customer_uid는 최대 80자입니다.";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/subscribe/customers/{customer_uid}", IssueAsync);
        api.MapGet("/subscribe/customers/{customer_uid}", (string customer_uid, SubscriptionStore subscriptions) =>
            subscriptions.FindCustomer(customer_uid) is { } customer ? Envelope.Success(customer) : Envelope.NotFound(Unknown(customer_uid)));
        api.MapDelete("/subscribe/customers/{customer_uid}", Delete);
        api.MapGet("/subscribe/customers", GetMany);
        api.MapGet("/subscribe/customers/{customer_uid}/payments", Payments);
        api.MapPost("/subscribe/payments/onetime", OnetimeAsync);
        api.MapPost("/subscribe/payments/again", AgainAsync);
    }

    public static string Unknown(string customerUid) => $"요청하신 customer_uid({customerUid})로 등록된 정보를 찾을 수 없습니다.";

    /// <summary>Issues (or replaces) the key after authenticating the card; the card company is not charged.</summary>
    private static async Task<IResult> IssueAsync(string customer_uid, HttpRequest request, SubscriptionStore subscriptions,
        TimeProvider clock, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        if (customer_uid.Length > MaxCustomerUidLength)
        {
            return Envelope.BadRequest(CustomerUidTooLong);
        }
        if (string.IsNullOrEmpty(body.String("card_number")) || string.IsNullOrEmpty(body.String("expiry")))
        {
            return Envelope.BadRequest("card_number, expiry 파라미터가 누락되었습니다.");
        }
        // Toss requires customer_id on API billing keys; refusing here surfaces the omission before production does.
        if (string.IsNullOrEmpty(body.String("customer_id")))
        {
            return Envelope.BadRequest("customer_id는 필수입니다. (토스페이먼츠)");
        }
        if (Channels.Refusal(body, options.Value) is { } noChannel)
        {
            return noChannel;
        }
        var result = Issue(customer_uid, body, subscriptions, clock, options.Value.PgId);
        return result.Customer is { } customer ? Envelope.Success(customer) : Envelope.Error(StatusCodes.Status200OK, result.Error!);
    }

    /// <summary>Authenticates the card and saves the key (a new one replaces the old, keeping when it was first inserted).</summary>
    public static (Customer? Customer, string? Error) Issue(string customerUid, RequestBody body, SubscriptionStore subscriptions, TimeProvider clock, string pgId)
    {
        var cardNumber = body.String("card_number");
        var outcome = TestCards.Check(cardNumber, body.String("expiry"), clock.GetUtcNow());
        if (outcome == CardOutcome.AuthFailure)
        {
            return (null, TestCards.AuthFailureMessage);
        }
        if (TestCards.IdentityFailure(body.String("birth"), body.String("pwd_2digit")) is { } identity)
        {
            return (null, identity);
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var existing = subscriptions.FindCustomer(customerUid);
        var cardName = Codes.CardName(TestCards.CardCode);
        var customer = new Customer
        {
            CustomerUid = customerUid,
            PgId = pgId,
            CustomerId = body.String("customer_id"),
            CardName = cardName,
            CardCode = TestCards.CardCode,
            CardIssuerCode = TestCards.CardCode,
            CardIssuerName = cardName,
            CardPublisherCode = TestCards.CardCode,
            CardPublisherName = cardName,
            CardNumber = TestCards.Mask(cardNumber!),
            CardType = 0,
            CustomerName = body.String("customer_name") ?? body.String("buyer_name"),
            CustomerTel = body.String("customer_tel") ?? body.String("buyer_tel"),
            CustomerEmail = body.String("customer_email") ?? body.String("buyer_email"),
            CustomerAddr = body.String("customer_addr") ?? body.String("buyer_addr"),
            CustomerPostcode = body.String("customer_postcode") ?? body.String("buyer_postcode"),
            Inserted = existing?.Inserted ?? now,
            Updated = now,
            Outcome = outcome,
        };
        subscriptions.SaveCustomer(customer);
        return (customer, null);
    }

    private static IResult Delete(string customer_uid, SubscriptionStore subscriptions) =>
        subscriptions.RemoveCustomer(customer_uid) is { } removed ? Envelope.Success(removed) : Envelope.NotFound(Unknown(customer_uid));

    private static IResult GetMany(HttpRequest request, SubscriptionStore subscriptions)
    {
        var uids = request.Query["customer_uid[]"].OfType<string>().ToArray();
        if (uids.Length == 0)
        {
            return Envelope.BadRequest("customer_uid[] 파라미터가 누락되었습니다.");
        }
        var found = uids.Select(subscriptions.FindCustomer).ToArray();
        var customers = found.OfType<Customer>().ToArray();
        return customers.Length == 0 ? Envelope.NotFound("요청하신 customer_uid로 등록된 정보를 찾을 수 없습니다.")
            : customers.Length < found.Length ? Envelope.Partial(customers)
            : Envelope.Success(customers);
    }

    /// <summary>
    /// Payments charged with a key (again, schedules, onetime that saved it), newest first in pages of 20. The
    /// window payment that only issued the key charged nothing and is left out. A deleted key's payments stay
    /// listed; 404 only when the customer_uid was never used.
    /// </summary>
    private static IResult Payments(string customer_uid, HttpRequest request, PaymentStore store, SubscriptionStore subscriptions)
    {
        var (page, error) = Paging.ReadPage(request);
        if (error is not null)
        {
            return Envelope.BadRequest(error);
        }
        var charged = store.All
            .Where(e => e.Payment.CustomerUid == customer_uid && e.Payment.CustomerUidUsage != "issue")
            .OrderByDescending(e => e.Payment.StartedAt).ThenByDescending(e => e.Sequence)
            .Select(e => e.Payment).ToArray();
        if (charged.Length == 0 && subscriptions.FindCustomer(customer_uid) is null)
        {
            return Envelope.NotFound(Unknown(customer_uid));
        }
        var paged = Paging.Slice(charged, page, Paging.DefaultLimit);
        return paged is null ? Envelope.BadRequest("데이터 범위를 넘어선 page입니다.") : Envelope.Success(paged);
    }

    /// <summary>Keyed payment: card auth failure is code -1 with no payment; a decline is code 0 with status failed.</summary>
    private static async Task<IResult> OnetimeAsync(HttpRequest request, PaymentStore store, SubscriptionStore subscriptions,
        CardPayments payments, TimeProvider clock, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        if (ReadCharge(body) is not { } charge)
        {
            return Envelope.BadRequest("merchant_uid, amount(숫자) 파라미터가 누락되었거나 올바르지 않습니다.");
        }
        if (string.IsNullOrEmpty(body.String("card_number")) || string.IsNullOrEmpty(body.String("expiry")))
        {
            return Envelope.BadRequest("card_number, expiry 파라미터가 누락되었습니다.");
        }
        if (Channels.Refusal(body, options.Value) is { } noChannel)
        {
            return noChannel;
        }
        if (Refusal(charge, store) is { } refusal)
        {
            return refusal;
        }
        var customerUid = body.String("customer_uid") is { Length: > 0 } uid ? uid : null;
        if (customerUid is { Length: > MaxCustomerUidLength })
        {
            return Envelope.BadRequest(CustomerUidTooLong);
        }
        var cardNumber = body.String("card_number")!;
        var outcome = TestCards.Check(cardNumber, body.String("expiry"), clock.GetUtcNow());
        if (outcome == CardOutcome.AuthFailure)
        {
            return Envelope.Error(StatusCodes.Status200OK, TestCards.AuthFailureMessage);
        }
        if (TestCards.IdentityFailure(body.String("birth"), body.String("pwd_2digit")) is { } identity)
        {
            return Envelope.Error(StatusCodes.Status200OK, identity);
        }
        if (customerUid is not null)
        {
            // The key keeps buyer_* as customer_*, and a random customer_id when none is given (as PortOne fills it).
            if (string.IsNullOrEmpty(body.String("customer_id")))
            {
                body.Fields["customer_id"] = "cid_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
            }
            Issue(customerUid, body, subscriptions, clock, options.Value.PgId);
        }
        var entry = payments.Charge(charge with
        {
            MaskedCardNumber = TestCards.Mask(cardNumber),
            CustomerUid = customerUid,
            CustomerUidUsage = customerUid is null ? null : "payment",
        }, outcome);
        return entry is null ? Envelope.Refused(DuplicatePaid) : Results.Bytes(entry.EnvelopeJson, "application/json; charset=utf-8");
    }

    /// <summary>Charges a stored key: an unknown customer_uid is code -1; a decline is code 0 with status failed.</summary>
    private static async Task<IResult> AgainAsync(HttpRequest request, PaymentStore store, SubscriptionStore subscriptions,
        CardPayments payments, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        var customerUid = body.String("customer_uid");
        if (ReadCharge(body) is not { } charge || string.IsNullOrEmpty(customerUid) || string.IsNullOrEmpty(charge.Name))
        {
            return Envelope.BadRequest("customer_uid, merchant_uid, amount(숫자), name 파라미터가 누락되었거나 올바르지 않습니다.");
        }
        if (Channels.Refusal(body, options.Value) is { } noChannel)
        {
            return noChannel;
        }
        if (Refusal(charge, store) is { } refusal)
        {
            return refusal;
        }
        if (subscriptions.FindCustomer(customerUid) is not { } customer)
        {
            return Envelope.Error(StatusCodes.Status200OK, Unknown(customerUid));
        }
        var entry = payments.Charge(charge with
        {
            Buyer = charge.Buyer.Or(Buyer.From(customer)),
            MaskedCardNumber = customer.CardNumber!,
            CustomerUid = customerUid,
            CustomerUidUsage = "payment",
        }, customer.Outcome);
        return entry is null ? Envelope.Refused(DuplicatePaid) : Results.Bytes(entry.EnvelopeJson, "application/json; charset=utf-8");
    }

    /// <summary>Fields shared by onetime and again; null when merchant_uid or a numeric amount is missing.</summary>
    private static CardCharge? ReadCharge(RequestBody body)
    {
        decimal? amount;
        try
        {
            amount = body.Decimal("amount");
        }
        catch (FormatException)
        {
            return null;
        }
        var merchantUid = body.String("merchant_uid");
        if (string.IsNullOrEmpty(merchantUid) || merchantUid.Length > 40 || amount is null or <= 0)
        {
            return null;
        }
        var quota = body.String("card_quota") is { } q && int.TryParse(q, System.Globalization.CultureInfo.InvariantCulture, out var months) ? months : 0;
        return new CardCharge(merchantUid, amount.Value, body.String("currency") ?? "KRW", body.String("name"),
            new Buyer(body.String("buyer_name"), body.String("buyer_email"), body.String("buyer_tel"), body.String("buyer_addr"), body.String("buyer_postcode")),
            body.Text("custom_data"), quota, "", null, null, body.Strings("notice_url"));
    }

    /// <summary>
    /// Refusals before the card company is asked. PortOne's codes for these are undocumented; code 1
    /// (business refusal, no payment) keeps a merchant from double-charging or sending bad installments.
    /// </summary>
    private static IResult? Refusal(CardCharge charge, PaymentStore store)
    {
        if (store.IsMerchantUidPaid(charge.MerchantUid))
        {
            return Envelope.Refused(DuplicatePaid);
        }
        if (charge.CardQuota is 1 or < 0 or > 36)
        {
            return Envelope.Refused("card_quota는 0(일시불) 또는 2~36이어야 합니다.");
        }
        if (charge.CardQuota >= 2 && charge.Amount < Window.WindowActions.InstallmentMinimum)
        {
            return Envelope.Refused("할부는 50,000원 이상 결제에서만 가능합니다.");
        }
        return null;
    }
}
