using System.Security.Cryptography;
using System.Text;

namespace PortOne.Checkout.Features.Orders;

public static class OrderAccess
{
    /// <summary>Constant-time comparison, so the key cannot be found one character at a time.</summary>
    public static bool Allows(Order order, string? key) =>
        key is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(order.AccessKey), Encoding.UTF8.GetBytes(key));

    public static string Link(Order order) =>
        $"/orders/{Uri.EscapeDataString(order.MerchantUid)}?key={Uri.EscapeDataString(order.AccessKey)}";
}
