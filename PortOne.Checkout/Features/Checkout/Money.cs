using System.Globalization;

namespace PortOne.Checkout.Features.Checkout;

public static class Money
{
    /// <summary>Korean won as shoppers read it: <c>109,000원</c>.</summary>
    public static string Won(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "원";
}
