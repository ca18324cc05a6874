using System.Security.Cryptography;
using System.Text;

namespace PortOne.Checkout.Features.Orders;

/// <summary>
/// 비회원 주문조회: a shopper who lost the order link proves the order is theirs with its number and the
/// phone number given at checkout. Unknown order and wrong phone give the same answer (null), so the
/// form cannot be used to learn which order numbers exist.
/// </summary>
public sealed class OrderLookup(OrderStore orders)
{
    /// <summary>Our merchant_uids are at most 40 characters (PortOne's limit).</summary>
    private const int MaxOrderNumberLength = 40;

    public async Task<Order?> FindAsync(string? orderNumber, string? phone, CancellationToken cancellationToken = default)
    {
        var merchantUid = orderNumber?.Trim() ?? "";
        var digits = Digits(phone);
        if (merchantUid.Length is 0 or > MaxOrderNumberLength || digits.Length is < 9 or > 11)
        {
            return null;
        }
        var order = await orders.FindAsync(merchantUid, cancellationToken);
        // Compared even when there is no order, so both answers take the same time.
        var matches = CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Digits(order?.BuyerTel).PadRight(11)), Encoding.ASCII.GetBytes(digits.PadRight(11)));
        return order is not null && matches ? order : null;
    }

    /// <summary>"010-1234-5678", "010 1234 5678" and "01012345678" are one number.</summary>
    internal static string Digits(string? phone) => new((phone ?? "").Where(char.IsAsciiDigit).ToArray());
}
