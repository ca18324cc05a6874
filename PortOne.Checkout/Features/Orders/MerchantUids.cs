using System.Globalization;
using System.Security.Cryptography;

namespace PortOne.Checkout.Features.Orders;

/// <summary>
/// Every order's merchant_uid: a prefix that says which road made it (<c>ord</c> checkout, <c>tel</c>
/// phone order, <c>fva</c> fixed account, <c>rcpt</c> outside receipt), the UTC day, and 48 random bits.
/// Unique, at most 40 characters, sortable by day, not guessable.
/// </summary>
public static class MerchantUids
{
    public static string New(string prefix, TimeProvider time) =>
        $"{prefix}-{time.GetUtcNow().ToString("yyyyMMdd", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}
