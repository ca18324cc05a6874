using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Checkout;

/// <summary>The merchant's checkout settings (section <c>Checkout</c>); a bad value stops the app at start.</summary>
public sealed class CheckoutOptions
{
    public const string Section = "Checkout";

    /// <summary>The <c>pay_method</c> codes offered, in the order given. Empty means every method TossPayments supports.</summary>
    public string[] PayMethods { get; set; } = [];

    /// <summary>Shipping charged below <see cref="FreeShippingFrom"/>, in won; part of the amount paid.</summary>
    [Range(0, 1_000_000)]
    public long ShippingFee { get; set; } = 3_000;

    /// <summary>Goods total (in won) from which shipping is free.</summary>
    [Range(0, 100_000_000)]
    public long FreeShippingFrom { get; set; } = 50_000;

    /// <summary>Days a virtual account stays open; it closes at 23:59:59 Korean time on the last day.</summary>
    [Range(1, 30)]
    public int VbankDueDays { get; set; } = 3;

    /// <summary>Open the escrow window (needs a Toss escrow contract, else Toss silently pays without escrow).</summary>
    public bool Escrow { get; set; }

    /// <summary>Catalog prices are won and Toss settles international cards in won only, so KRW is the one currency accepted.</summary>
    [Required, RegularExpression("^KRW$", ErrorMessage = "Checkout:Currency must be KRW: catalog prices are won.")]
    public string Currency { get; set; } = "KRW";

    public IReadOnlyList<PayMethod> OfferedPayMethods() => PayMethods.Length == 0
        ? PayMethodCatalog.All
        : [.. PayMethods.Select(code => PayMethodCatalog.Find(code)!)];
}

internal sealed class CheckoutOptionsValidator : IValidateOptions<CheckoutOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckoutOptions options)
    {
        var unknown = options.PayMethods.Where(code => PayMethodCatalog.Find(code) is null).ToList();
        if (unknown.Count > 0)
        {
            return ValidateOptionsResult.Fail(
                $"Checkout:PayMethods has unknown codes: {string.Join(", ", unknown)}. Known: {string.Join(", ", PayMethodCatalog.All.Select(m => m.Code))}.");
        }
        if (options.PayMethods.Distinct(StringComparer.Ordinal).Count() != options.PayMethods.Length)
        {
            return ValidateOptionsResult.Fail("Checkout:PayMethods lists a method twice.");
        }
        return ValidateOptionsResult.Success;
    }
}
