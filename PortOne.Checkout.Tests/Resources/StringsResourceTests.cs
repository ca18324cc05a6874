using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Resources;

/// <summary>
/// Strings.resx (Korean) and Strings.en.resx stay a pair: every text in both languages with the same
/// placeholders, every key read somewhere in the app, and every sentence said under one key only.
/// </summary>
public sealed partial class StringsResourceTests
{
    private static readonly ResourceManager Manager = new(typeof(Strings).FullName!, typeof(Strings).Assembly);
    private static readonly Dictionary<string, string> Korean = Read(CultureInfo.InvariantCulture);
    private static readonly Dictionary<string, string> English = Read(CultureInfo.GetCultureInfo("en"));

    [Fact]
    public void Every_text_is_there_in_korean_and_in_english()
    {
        Assert.NotEmpty(Korean);
        Assert.Empty(Korean.Keys.Except(English.Keys));
        Assert.Empty(English.Keys.Except(Korean.Keys));
        Assert.Empty(Korean.Concat(English).Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => e.Key));
    }

    [Fact]
    public void Both_languages_take_the_same_placeholders()
    {
        var different = Korean.Keys.Where(English.ContainsKey)
            .Where(key => !Placeholders(Korean[key]).SetEquals(Placeholders(English[key])))
            .ToList();

        Assert.Empty(different);
    }

    [Fact]
    public void Every_key_is_read_somewhere_in_the_app()
    {
        var source = string.Join('\n', AppSources.Files().Select(File.ReadAllText));
        // Keys built at run time from a code, like $"Status_{order.Status}", count for their whole family.
        var families = BuiltKeyPrefix().Matches(source).Select(m => m.Groups[1].Value).ToHashSet();

        var unused = Korean.Keys
            .Where(key => !source.Contains($"\"{key}\"", StringComparison.Ordinal)
                          && !source.Contains($"nameof({key})", StringComparison.Ordinal)
                          && !families.Any(prefix => key.StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public void A_sentence_is_said_under_one_key()
    {
        // Short labels ("상태", "이메일") may coincide in two places that could be worded apart later;
        // a sentence or a text with a placeholder written twice drifts when a translator fixes one copy.
        var repeated = Korean.Where(e => e.Value.EndsWith('.') || e.Value.Contains('{', StringComparison.Ordinal))
            .GroupBy(e => (e.Value, English[e.Key]))
            .Where(g => g.Count() > 1)
            .Select(g => string.Join(" = ", g.Select(e => e.Key)))
            .ToList();

        Assert.Empty(repeated);
    }

    private static Dictionary<string, string> Read(CultureInfo culture) =>
        Manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!
            .Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string)e.Value!);

    private static HashSet<string> Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"\{(\d+)[^}]*\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\$""([A-Za-z]+_)\{")]
    private static partial Regex BuiltKeyPrefix();
}
