using System.Security.Cryptography;
using System.Text;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Orders;

/// <summary>
/// 비회원 주문조회: a shopper who lost the order link proves the order is theirs with its number and the
/// phone number given at checkout. A subscription is found the same way, by its own number (shown on its
/// management page) or by any of its charges' order numbers, with the phone given at sign-up; it opens the
/// subscription's management link, where its charges are. Unknown number and wrong phone give the same
/// answer (null), so the form cannot be used to learn which numbers exist.
/// </summary>
public sealed class OrderLookup(OrderStore orders, SubscriptionStore subscriptions)
{
    /// <summary>Our merchant_uids are at most 40 characters (PortOne's limit); subscription numbers are shorter.</summary>
    private const int MaxNumberLength = 40;

    /// <summary>The link the number and phone prove the shopper may open (an order's, or a subscription's), or null.</summary>
    public async Task<string?> FindLinkAsync(string? number, string? phone, CancellationToken cancellationToken = default)
    {
        var value = number?.Trim() ?? "";
        var digits = Digits(phone);
        // A number or phone no one could have typed (a NUL, a line break) is a wrong number too: it is never asked
        // of the database, where PostgreSQL would refuse it with an error rather than find nothing.
        if (value.Length is 0 or > MaxNumberLength || digits.Length is < 9 or > 11 || !SingleLine.Allows(number) || !SingleLine.Allows(phone))
        {
            return null;
        }
        // Every lookup asks all three, whatever the number turns out to be, so the time taken does not say which kind
        // exists. A subscription's charges are orders too, but their page is the subscription's: it is managed there.
        var byNumber = await subscriptions.FindAsync(value, cancellationToken);
        var byCharge = await subscriptions.FindByChargeAsync(value, cancellationToken);
        var order = await orders.FindAsync(value, cancellationToken);
        var subscription = byNumber ?? byCharge;
        // Compared even when nothing was found, for the same reason.
        if (!SamePhone(subscription?.BuyerTel ?? order?.BuyerTel, digits))
        {
            return null;
        }
        return subscription is not null ? "/" + SubscribeService.ManageLink(subscription)
            : order is not null ? OrderAccess.Link(order)
            : null;
    }

    private static bool SamePhone(string? stored, string digits) => CryptographicOperations.FixedTimeEquals(
        Encoding.ASCII.GetBytes(Digits(stored).PadRight(11)), Encoding.ASCII.GetBytes(digits.PadRight(11)));

    /// <summary>"010-1234-5678", "010 1234 5678" and "01012345678" are one number.</summary>
    internal static string Digits(string? phone) => new((phone ?? "").Where(char.IsAsciiDigit).ToArray());
}
