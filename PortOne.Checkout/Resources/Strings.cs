using System.Globalization;
using System.Resources;

namespace PortOne.Checkout.Resources;

/// <summary>
/// The marker for <c>Strings.resx</c> (Korean, the neutral language) and <c>Strings.en.resx</c>.
/// Components and services take <c>IStringLocalizer&lt;Strings&gt;</c>. The static members serve only
/// what cannot be injected: data-annotation messages (attributes find them as static properties).
/// </summary>
public sealed class Strings
{
    private static readonly ResourceManager Manager = new(typeof(Strings).FullName!, typeof(Strings).Assembly);

    /// <summary>The text for <paramref name="key"/> in the current UI culture; the key itself if missing, so a gap shows instead of hiding.</summary>
    private static string Get(string key) => Manager.GetString(key, CultureInfo.CurrentUICulture) ?? key;

    /// <summary>English is the one alternative; everything else reads as Korean.</summary>
    public static bool IsEnglish => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    // Data annotations need static properties to find their messages in the current culture.
    public static string TextControlCharacters => Get(nameof(TextControlCharacters));
    public static string BuyerNameRequired => Get(nameof(BuyerNameRequired));
    public static string BuyerNameLength => Get(nameof(BuyerNameLength));
    public static string BuyerEmailRequired => Get(nameof(BuyerEmailRequired));
    public static string BuyerEmailInvalid => Get(nameof(BuyerEmailInvalid));
    public static string BuyerEmailLength => Get(nameof(BuyerEmailLength));
    public static string BuyerTelRequired => Get(nameof(BuyerTelRequired));
    public static string BuyerTelInvalid => Get(nameof(BuyerTelInvalid));
    public static string BuyerAddrRequired => Get(nameof(BuyerAddrRequired));
    public static string BuyerAddrLength => Get(nameof(BuyerAddrLength));
    public static string BuyerPostcodeRequired => Get(nameof(BuyerPostcodeRequired));
    public static string BuyerPostcodeInvalid => Get(nameof(BuyerPostcodeInvalid));
    public static string LookupOrderNumberRequired => Get(nameof(LookupOrderNumberRequired));
    public static string LookupPhoneRequired => Get(nameof(LookupPhoneRequired));
    public static string AdminPasswordRequired => Get(nameof(AdminPasswordRequired));
    public static string AdminUserNameRequired => Get(nameof(AdminUserNameRequired));
    public static string StaffUserNameInvalid => Get(nameof(StaffUserNameInvalid));
    public static string StaffPasswordTooShort => Get(nameof(StaffPasswordTooShort));
    public static string AdminReasonRequired => Get(nameof(AdminReasonRequired));
    public static string AdminCashReceiptIdentifierRequired => Get(nameof(AdminCashReceiptIdentifierRequired));
}
