using System.ComponentModel.DataAnnotations;
using System.Globalization;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Tests.Resources;

/// <summary>The one rule for one-line text from outside: no C0 control character and no DEL.</summary>
public class SingleLineTests
{
    public static TheoryData<char> EveryForbiddenCharacter()
    {
        var data = new TheoryData<char>();
        for (var c = '\u0000'; c <= '\u001F'; c++)
        {
            data.Add(c);
        }
        data.Add('\u007F');
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryForbiddenCharacter))]
    public void Every_C0_control_character_and_DEL_is_refused_wherever_it_stands(char control)
    {
        Assert.False(SingleLine.Allows(control.ToString()));
        Assert.False(SingleLine.Allows("홍" + control + "길동"));
        Assert.False(SingleLine.Allows("hong@example.com" + control));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("홍길동")]
    [InlineData("  hong.gil-dong+shop@example.com ")]
    [InlineData("서울 성동구 성수이로 20길 16, 3층 (성수동)")]
    [InlineData("Zoë O'Brien – ₩109,000 · 🙂")]
    [InlineData("\u0080\u00A0\u3000")] // C1, no-break and ideographic spaces: not the ASCII controls this rule is about
    public void Ordinary_text_including_spaces_and_non_ASCII_passes(string? text)
    {
        Assert.True(SingleLine.Allows(text));
    }

    [Fact]
    public void The_attribute_refuses_control_characters_with_the_localized_message_and_leaves_empty_to_Required()
    {
        var attribute = new SingleLineAttribute();
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("ko-KR");
            var korean = attribute.GetValidationResult("홍\0길동", new ValidationContext(new object()) { MemberName = "Name" });
            CultureInfo.CurrentUICulture = new CultureInfo("en-US");
            var english = attribute.GetValidationResult("Hong\nGildong", new ValidationContext(new object()) { MemberName = "Name" });

            Assert.StartsWith("줄바꿈이나 제어 문자처럼 보이지 않는 문자는", korean!.ErrorMessage, StringComparison.Ordinal);
            Assert.StartsWith("Invisible characters such as line breaks", english!.ErrorMessage, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        Assert.True(attribute.IsValid(null));
        Assert.True(attribute.IsValid(""));
        Assert.True(attribute.IsValid("홍길동"));
    }
}
