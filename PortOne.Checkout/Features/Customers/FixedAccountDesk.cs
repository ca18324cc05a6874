using System.Net.Mail;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Localization;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Receipts;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Customers;

/// <summary>Serialises issuing for one customer, so two staff members cannot open two accounts at once.</summary>
public sealed class CustomerLocks : KeyedLock;

/// <summary>
/// Fixed virtual accounts (고정식 가상계좌) for regular customers. Each issue is an order for an amount
/// staff enter, issued with <c>POST /vbanks</c> under the customer's <c>vbank_key</c>, so TossPayments
/// gives the same account number every time. The deposit arrives as any virtual account's does (a
/// webhook, then the one sync); staff may close an account nobody has paid into.
/// </summary>
public sealed partial class FixedAccountDesk(CustomerStore customers, OrderStore orders, PortOneClient portOne, PaymentSync sync,
    PortOneConnection connection, PublicUrls urls, CustomerLocks locks, TimeProvider time, IStringLocalizer<Strings> l,
    ILogger<FixedAccountDesk> logger)
{

    /// <summary>Banks TossPayments issues virtual accounts at (a common subset), by 금융결제원 code.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Banks =
        [.. RefundBanks.All.Where(bank => bank.Code is "004" or "088" or "020" or "081" or "011" or "003")];

    public const int MaxNameLength = 16;
    public const int MaxOrderNameLength = 40;
    public const long MaxAmount = 100_000_000;

    /// <summary>How far ahead a deadline may be: an invoice, not a standing order.</summary>
    public const int MaxDueDays = 90;

    public Task<IReadOnlyList<CustomerSummary>> ListAsync(CancellationToken cancellationToken = default) => customers.ListAsync(cancellationToken);

    public Task<Customer?> FindAsync(long id, CancellationToken cancellationToken = default) => customers.FindAsync(id, cancellationToken);

    public Task<IReadOnlyList<CustomerAccount>> AccountsAsync(long customerId, CancellationToken cancellationToken = default) =>
        customers.AccountsAsync(customerId, cancellationToken);

    /// <summary>Today in Korea, where the deadline's date is read.</summary>
    public DateOnly TodayInSeoul() => KoreanTime.DateOf(time.GetUtcNow());

    public async Task<(Customer? Customer, string Message)> AddCustomerAsync(string? name, string? phone, string? email, string? vbankCode,
        CancellationToken cancellationToken = default)
    {
        // Before anything else: the name and contacts go into the database and to PortOne with the account.
        if (!SingleLine.Allows(name) || !SingleLine.Allows(phone) || !SingleLine.Allows(email))
        {
            return (null, l["TextControlCharacters"]);
        }
        name = name?.Trim() ?? "";
        phone = phone?.Trim() ?? "";
        email = email?.Trim() ?? "";
        if (name.Length is 0 or > MaxNameLength)
        {
            return (null, l["CustomerNameInvalid", MaxNameLength]);
        }
        if (!PhoneShape().IsMatch(phone))
        {
            return (null, l["CustomerPhoneInvalid"]);
        }
        if (email.Length is 0 or > 64 || !MailAddress.TryCreate(email, out _))
        {
            return (null, l["CustomerEmailInvalid"]);
        }
        if (Banks.All(b => b.Code != vbankCode))
        {
            return (null, l["CustomerBankInvalid"]);
        }
        var customer = await customers.AddAsync(name, phone, email, vbankCode!, cancellationToken);
        return (customer, l["CustomerAdded", customer.Name]);
    }

    /// <summary>
    /// Issues the customer's account for <paramref name="amount"/>, payable until the end of <paramref name="due"/>
    /// (Korean time). One open account at a time: a deposit into the fixed number must match exactly one invoice.
    /// </summary>
    public async Task<DeskAnswer> IssueAsync(long customerId, long? amount, DateOnly? due, string? orderName, CancellationToken cancellationToken = default)
    {
        if (!SingleLine.Allows(orderName))
        {
            return new(false, l["TextControlCharacters"]);
        }
        orderName = string.IsNullOrWhiteSpace(orderName) ? l["FixedAccountDefaultName"] : orderName.Trim();
        if (amount is not (> 0 and <= MaxAmount))
        {
            return new(false, l["FixedAccountAmountInvalid", Money.Won(MaxAmount)]);
        }
        var today = TodayInSeoul();
        if (due is not { } dueDate || dueDate < today || dueDate > today.AddDays(MaxDueDays))
        {
            return new(false, l["FixedAccountDueInvalid", MaxDueDays]);
        }
        if (orderName.Length > MaxOrderNameLength)
        {
            return new(false, l["FixedAccountNameInvalid", MaxOrderNameLength]);
        }

        using var held = await locks.AcquireAsync(customerId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        if (await customers.FindAsync(customerId, cancellationToken) is not { } customer)
        {
            return new(false, l["CustomerNotFound"]);
        }
        if ((await customers.AccountsAsync(customerId, cancellationToken)).Any(a => a.IsOpen))
        {
            return new(false, l["FixedAccountAlreadyOpen"]);
        }

        var order = await orders.CreateAsync(new NewOrder(MerchantUids.New("fva", time), orderName, amount.Value, 0, "KRW", "vbank", 0, null,
            customer.Name, customer.Email, customer.Phone, "", ""), [], cancellationToken);
        await customers.LinkAsync(customer.Id, order.Id, cancellationToken);
        var deadline = KoreanTime.At(dueDate, new TimeOnly(23, 59, 59));
        try
        {
            var issued = await portOne.IssueVbankAsync(new VbankRequest(order.MerchantUid, order.Amount, customer.VbankCode, deadline,
                orderName, customer.Name)
            {
                Pg = connection.Channel.Pg,
                ChannelKey = connection.Channel.ChannelKey,
                VbankKey = customer.VbankKey,
                BuyerEmail = customer.Email,
                BuyerTel = customer.Phone,
                NoticeUrl = [urls.Absolute("api/v1/payments/notice")],
            }, cancellationToken);
            var result = await sync.ApplyAsync(issued, SyncSource.Admin, cancellationToken);
            if (result.Order?.Status != OrderStatus.AwaitingDeposit)
            {
                return new(false, l["FixedAccountNotIssued", result.Detail], order.MerchantUid);
            }
            await customers.KeepAccountNumberAsync(customer.Id, issued.VbankName, issued.VbankNum, cancellationToken);
            return new(true, l["FixedAccountIssued", issued.VbankName ?? "", issued.VbankNum ?? "", Money.Won(order.Amount)], order.MerchantUid);
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            // Nothing was issued, so no payment exists for the sync to read: the order fails here, as a refused pre-registration does.
            await orders.TransitionAsync(new OrderTransition
            {
                OrderId = order.Id, MerchantUid = order.MerchantUid, From = OrderStatus.Pending, FromCancelledAmount = 0,
                To = OrderStatus.Failed, Source = SyncSource.Admin, Reason = "PortOne refused the virtual account: " + ex.PortOneMessage,
            }, cancellationToken);
            return new(false, l["FixedAccountRefused", ex.PortOneMessage ?? "-"], order.MerchantUid);
        }
        catch (PortOneApiException ex)
        {
            // It may have been issued: the order stays pending for reconciliation to find, and blocks a second issue meanwhile.
            Log.PortOneUnreachable(logger, ex, "issue", order.MerchantUid);
            return new(false, l["FixedAccountUnknown"], order.MerchantUid);
        }
    }

    /// <summary>Closes an account nobody has paid into (<c>DELETE /vbanks/{imp_uid}</c>); PortOne decides if money is already there.</summary>
    public async Task<DeskAnswer> CloseAsync(long customerId, string merchantUid, CancellationToken cancellationToken = default)
    {
        var account = (await customers.AccountsAsync(customerId, cancellationToken)).FirstOrDefault(a => a.MerchantUid == merchantUid);
        if (account is null)
        {
            return new(false, l["FixedAccountNotFound"]);
        }
        if (account.Status != OrderStatus.AwaitingDeposit || account.ImpUid is null)
        {
            return new(false, l["FixedAccountNotClosable", l.Status(account.Status)], merchantUid);
        }
        try
        {
            var revoked = await portOne.RevokeVbankAsync(account.ImpUid, cancellationToken);
            var result = await sync.ApplyAsync(revoked, SyncSource.Admin, cancellationToken);
            if (result.Order is { } order && !OrderStatus.IsOpen(order.Status) && order.PaidAt is null)
            {
                await customers.MarkClosedAsync(merchantUid, cancellationToken);
            }
            return new(true, l["FixedAccountClosed"], merchantUid);
        }
        catch (PortOneApiException ex) when (ex.Code is not null)
        {
            // Most likely a deposit whose webhook has not reached us: read the payment now so the page shows it.
            var now = await sync.SyncAsync(account.ImpUid, SyncSource.Admin, cancellationToken);
            return new(false, l["FixedAccountCloseRefused", ex.PortOneMessage ?? "-", l.Status(now.Order?.Status ?? account.Status)], merchantUid);
        }
        catch (PortOneApiException ex)
        {
            Log.PortOneUnreachable(logger, ex, "close", merchantUid);
            return new(false, l["AdminPortOneDown"], merchantUid);
        }
    }


    [GeneratedRegex(@"\A01\d-?\d{3,4}-?\d{4}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneShape();

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Fixed virtual account {MerchantUid}: PortOne did not answer the {Step}")]
        public static partial void PortOneUnreachable(ILogger logger, Exception exception, string step, string merchantUid);
    }
}
