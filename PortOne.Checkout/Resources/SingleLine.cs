using System.ComponentModel.DataAnnotations;

namespace PortOne.Checkout.Resources;

/// <summary>
/// What a one-line field typed by a person may hold: no C0 control character (U+0000–U+001F: NUL, tab, line
/// breaks, escapes) and no DEL (U+007F). A person never types one; a script pasting or posting one would
/// otherwise put it in the database (PostgreSQL refuses a NUL outright, as a value or even as a query
/// parameter, and answers with an error) and in what PortOne prints on receipts and the card company's slip.
/// Every form, service and lookup that takes text from outside asks here, so the rule is one rule; text from
/// PortOne's answers, which cannot be refused back to a person, is cleaned by the same rule (<see cref="Clean"/>).
/// </summary>
public static class SingleLine
{
    /// <summary>True when <paramref name="text"/> (null or empty counts) holds no control character.</summary>
    public static bool Allows(string? text) => text is null || !text.AsSpan().ContainsAny(Forbidden);

    /// <summary>
    /// <paramref name="text"/> with every control character replaced by a space: for text the app shows and keeps but
    /// did not take from a person (PortOne's answers), which it cannot send back to be typed again. Text without one
    /// comes back as the same instance, so clean text costs one scan and no copy. A space rather than nothing: words
    /// either side stay apart, and a code with a control character in it (a status, a currency) stays unlike every real one.
    /// </summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public static string? Clean(string? text)
    {
        var first = text is null ? -1 : text.AsSpan().IndexOfAny(Forbidden);
        if (first < 0)
        {
            return text;
        }
        return string.Create(text!.Length, (text, first), static (chars, state) =>
        {
            state.text.AsSpan().CopyTo(chars);
            var rest = chars[state.first..];
            int at;
            while ((at = rest.IndexOfAny(Forbidden)) >= 0)
            {
                rest[at] = ' ';
                rest = rest[(at + 1)..];
            }
        });
    }

    /// <summary>
    /// <paramref name="text"/> with every control character written out as <c>\uXXXX</c>: for a log line about a value
    /// refused for holding one, so the line shows what came and stays one line.
    /// </summary>
    public static string Visible(string? text)
    {
        if (text is null || Allows(text))
        {
            return text ?? "";
        }
        var visible = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (Forbidden.Contains(c))
            {
                visible.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                visible.Append(c);
            }
        }
        return visible.ToString();
    }

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
