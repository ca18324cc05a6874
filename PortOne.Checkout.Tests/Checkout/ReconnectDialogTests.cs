using System.Net;
using System.Text.RegularExpressions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Checkout;

/// <summary>
/// The dialog a shopper sees when the connection to the server drops: in the shopper's language, and
/// styled so that only the current state's text shows (its rules live in a component-scoped stylesheet
/// that the page must link, or every state's text shows at once).
/// </summary>
public sealed partial class ReconnectDialogTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    [Fact]
    public async Task The_checkout_links_the_stylesheet_that_shows_one_reconnect_state_at_a_time()
    {
        var client = app.CreateClient();
        var html = await client.GetStringAsync("/checkout");

        var href = ScopedStylesheet().Match(html);
        Assert.True(href.Success, "the checkout links no component-scoped stylesheet");
        using var css = await client.GetAsync(href.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        var rules = await css.Content.ReadAsStringAsync();
        Assert.Contains(".components-reconnect-first-attempt-visible", rules, StringComparison.Ordinal);
        Assert.Contains("#components-reconnect-modal.components-reconnect-show", rules, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "서버에 다시 연결하는 중입니다…", "Rejoining the server")]
    [InlineData("en", "Rejoining the server…", "서버에 다시")]
    public async Task The_dialog_speaks_the_shoppers_language(string? culture, string shown, string notShown)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/checkout");
        if (culture is not null)
        {
            request.Headers.Add("Cookie", $".AspNetCore.Culture=c%3D{culture}%7Cuic%3D{culture}");
        }
        using var response = await app.CreateClient().SendAsync(request);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

        Assert.Contains(shown, html, StringComparison.Ordinal);
        Assert.DoesNotContain(notShown, html, StringComparison.Ordinal);
    }

    [GeneratedRegex("<link rel=\"stylesheet\" href=\"(/?PortOne\\.Checkout\\.[^\"]*styles\\.css)\"")]
    private static partial Regex ScopedStylesheet();
}
