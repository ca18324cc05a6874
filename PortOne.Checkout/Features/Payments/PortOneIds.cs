using System.Text.RegularExpressions;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// The shape of identifiers that arrive from outside (webhook, confirm_url, the redirect landing, the
/// window's callback) before any of them is put into a PortOne request.
/// </summary>
public static partial class PortOneIds
{
    /// <summary>
    /// PortOne documents <c>imp_uid</c> as a string of at most 32 characters, and every id it has
    /// issued looks like <c>imp_</c> and 12 digits. We accept <c>imp_</c> and up to 28 letters or digits:
    /// strict enough that no <c>/</c>, <c>.</c>, <c>%</c>, space or control character can ever reach a
    /// PortOne URL, loose enough that a longer or alphanumeric id PortOne might issue tomorrow is still
    /// confirmed (refusing a genuine webhook would leave a paid order waiting for reconciliation).
    /// </summary>
    public static bool IsImpUid(string? value) => value is not null && ImpUidShape().IsMatch(value);

    // \z, not $: $ also matches before a trailing newline.
    [GeneratedRegex(@"\Aimp_[0-9A-Za-z]{1,28}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImpUidShape();
}

internal static partial class PortOneIdsLog
{
    /// <summary>The value itself is not logged: it is whatever a stranger chose to send.</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a malformed imp_uid at the {Road} (order {MerchantUid}); PortOne was not asked")]
    public static partial void MalformedImpUid(ILogger logger, string road, string? merchantUid);
}
