using System.Globalization;
using System.Text.RegularExpressions;

namespace PortOne.Sandbox.Store;

/// <summary>What the emulated card company does with a card.</summary>
internal enum CardOutcome
{
    Approve,
    LimitExceeded,
    Suspended,
    AuthFailure,
}

/// <summary>
/// Test card numbers (documented in README.md). The last four digits choose the outcome; any other
/// well-formed number approves. Authentication (number, expiry) happens when a key is issued or a
/// keyed payment starts; limit and suspension only show when money moves, as at a real card company.
/// </summary>
internal static partial class TestCards
{
    public const string Approved = "5361-4800-0000-0001";
    public const string LimitExceeded = "5361-4800-0000-0002";
    public const string Suspended = "5361-4800-0000-0003";
    public const string AuthFailure = "5361-4800-0000-0004";

    /// <summary>Issuer of every test card: the window's default card company.</summary>
    public const string CardCode = "366";

    public const string AuthFailureMessage = "카드정보 인증에 실패하였습니다. [INVALID_CARD_NUMBER] 카드번호 또는 유효기간을 확인해주세요.";

    /// <summary>A card company's refusal: Toss's code (the window's error_code) and PortOne's fail_reason.</summary>
    internal sealed record Decline(string Code, string Reason);

    private static readonly Decline LimitDecline = new("REJECT_CARD_PAYMENT", "[REJECT_CARD_PAYMENT] 한도초과 혹은 잔액부족으로 결제에 실패했습니다.");
    private static readonly Decline SuspendedDecline = new("INVALID_STOPPED_CARD", "[INVALID_STOPPED_CARD] 정지된 카드 입니다.");

    /// <summary>Outcome for a card number in PortOne's dddd-dddd-dddd-dddd format (hyphens optional) and a YYYY-MM expiry.</summary>
    public static CardOutcome Check(string? cardNumber, string? expiry, DateTimeOffset now)
    {
        var digits = Digits(cardNumber);
        if (digits is null || expiry is null || !ExpiryPattern().IsMatch(expiry)
            || !DateTime.TryParseExact(expiry, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            || month.AddMonths(1) <= now.UtcDateTime)
        {
            return CardOutcome.AuthFailure;
        }
        return digits[^4..] switch
        {
            "0002" => CardOutcome.LimitExceeded,
            "0003" => CardOutcome.Suspended,
            "0004" => CardOutcome.AuthFailure,
            _ => CardOutcome.Approve,
        };
    }

    /// <summary>
    /// The card company also checks the holder's identity when it is sent: <c>birth</c> is YYMMDD (or a 10-digit
    /// business number for a corporate card) and <c>pwd_2digit</c> the PIN's first two digits. PortOne marks them
    /// PG-dependent, so absent is accepted; malformed fails authentication like a wrong card. Null when they pass.
    /// </summary>
    public static string? IdentityFailure(string? birth, string? pwd2digit)
    {
        if (!string.IsNullOrEmpty(birth) && !(birth.All(char.IsAsciiDigit) && (birth.Length == 10
                || (birth.Length == 6 && DateTime.TryParseExact(birth, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))))
        {
            return "카드정보 인증에 실패하였습니다. 생년월일 6자리(YYMMDD) 또는 사업자등록번호 10자리를 확인해주세요.";
        }
        if (!string.IsNullOrEmpty(pwd2digit) && !(pwd2digit.Length == 2 && pwd2digit.All(char.IsAsciiDigit)))
        {
            return "카드정보 인증에 실패하였습니다. 카드 비밀번호 앞 2자리를 확인해주세요.";
        }
        return null;
    }

    /// <summary>The outcome a window shopper picks in the test-card picker.</summary>
    public static CardOutcome? FromScenario(string? scenario) => scenario switch
    {
        null or "" or "approve" => CardOutcome.Approve,
        "limit" => CardOutcome.LimitExceeded,
        "suspended" => CardOutcome.Suspended,
        "auth" => CardOutcome.AuthFailure,
        _ => null,
    };

    public static Decline? DeclineFor(CardOutcome outcome) => outcome switch
    {
        CardOutcome.LimitExceeded => LimitDecline,
        CardOutcome.Suspended => SuspendedDecline,
        _ => null,
    };

    /// <summary>Masked as Toss does: digits 7-12 hidden.</summary>
    public static string Mask(string cardNumber)
    {
        var digits = Digits(cardNumber) ?? cardNumber;
        return digits[..6] + "******" + digits[^4..];
    }

    private static string? Digits(string? cardNumber)
    {
        var digits = cardNumber?.Replace("-", "", StringComparison.Ordinal);
        return digits is { Length: >= 15 and <= 16 } && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}$")]
    private static partial Regex ExpiryPattern();
}
