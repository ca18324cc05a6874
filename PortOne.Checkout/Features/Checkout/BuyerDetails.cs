using System.ComponentModel.DataAnnotations;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Checkout;

/// <summary>
/// The buyer form. Limits are PortOne's stored lengths, so nothing is cut off silently. Every field is one line:
/// the phone and postcode patterns already allow nothing else, the others say so (<see cref="SingleLineAttribute"/>).
/// </summary>
public sealed class BuyerDetails
{
    [Required(ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerNameRequired))]
    [StringLength(16, ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerNameLength))]
    [SingleLine]
    public string Name { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerEmailRequired))]
    [EmailAddress(ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerEmailInvalid))]
    [StringLength(64, ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerEmailLength))]
    [SingleLine]
    public string Email { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerTelRequired))]
    [RegularExpression(@"^0\d{1,2}-?\d{3,4}-?\d{4}$", ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerTelInvalid))]
    public string Tel { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerAddrRequired))]
    [StringLength(128, ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerAddrLength))]
    [SingleLine]
    public string Addr { get; set; } = "";

    [Required(ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerPostcodeRequired))]
    [RegularExpression(@"^\d{5}$", ErrorMessageResourceType = typeof(Strings), ErrorMessageResourceName = nameof(Strings.BuyerPostcodeInvalid))]
    public string Postcode { get; set; } = "";
}
