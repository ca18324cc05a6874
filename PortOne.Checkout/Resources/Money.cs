using System.Globalization;

namespace PortOne.Checkout.Resources;

public static class Money
{
    /// <summary>Won as the shopper reads it: <c>109,000원</c> in Korean, <c>₩109,000</c> in English.</summary>
    public static string Won(long amount)
    {
        var digits = amount.ToString("#,0", CultureInfo.InvariantCulture);
        return Strings.IsEnglish ? "₩" + digits : digits + "원";
    }
}
