using System.ComponentModel.DataAnnotations;

namespace PortOne.Checkout.Resources;

/// <summary>
/// What a one-line field typed by a person may hold: no C0 control character (U+0000–U+001F: NUL, tab, line
/// breaks, escapes) and no DEL (U+007F). A person never types one; a script pasting or posting one would
/// otherwise put it in the database (PostgreSQL refuses a NUL outright, as a value or even as a query
/// parameter, and answers with an error) and in what PortOne prints on receipts and the card company's slip.
/// Every form, service and lookup that takes text from outside asks here, so the rule is one rule.
/// </summary>
public static class SingleLine
{
    /// <summary>True when <paramref name="text"/> (null or empty counts) holds no control character.</summary>
    public static bool Allows(string? text) => text is null || !text.AsSpan().ContainsAny(Forbidden);

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create(
        "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F"
        + "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F\u007F");
}

/// <summary>
/// A form field of one line: refuses control characters (<see cref="SingleLine"/>) with one localized message.
/// Null and empty pass: <c>[Required]</c> says whether the field may be empty.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class SingleLineAttribute : ValidationAttribute
{
    public SingleLineAttribute()
    {
        ErrorMessageResourceType = typeof(Strings);
        ErrorMessageResourceName = nameof(Strings.TextControlCharacters);
    }

    public override bool IsValid(object? value) => value is not string text || SingleLine.Allows(text);
}
