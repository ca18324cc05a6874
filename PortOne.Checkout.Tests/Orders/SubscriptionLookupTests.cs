using System.Net;
using System.Text.RegularExpressions;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.Hosting;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Orders;

/// <summary>
/// The guest lookup finds a subscription by its number or by any of its charges' order numbers, with the
/// phone given at sign-up, and opens its management link; everything else gets the order lookup's one answer
/// and counts towards the same limit.
/// </summary>
public sealed partial class SubscriptionLookupTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>, IDisposable
{
    private static int _clients;

    /// <summary>Each test is its own client (address), far from the order lookup tests' addresses.</summary>
    private readonly string _clientIp = $"198.51.100.{Interlocked.Increment(ref _clients)}";

    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = app.BaseUri };

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> LookUpAsync(string number, string phone)
    {
        using var form = await _http.SendAsync(RateLimitedApp.From(_clientIp, HttpMethod.Get, "/orders/lookup"));
        var token = AntiforgeryToken().Match(await form.Content.ReadAsStringAsync()).Groups[1].Value;
        return await _http.SendAsync(RateLimitedApp.From(_clientIp, HttpMethod.Post, "/orders/lookup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "order-lookup",
            ["__RequestVerificationToken"] = token,
            ["Input.OrderNumber"] = number,
            ["Input.Phone"] = phone,
        })));
    }

    [Fact]
    public async Task The_subscription_number_and_the_sign_up_phone_lead_to_the_management_link()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today.AddDays(3));

        using var response = await LookUpAsync($" {s.PublicId} ", "01012345678");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/" + SubscribeService.ManageLink(s), response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_charge_order_number_leads_to_its_subscription_rather_than_to_the_order_alone()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today);
        var charges = await app.Get<SubscriptionStore>().ChargesAsync(s.Id);
        Assert.Equal(2, charges.Count); // the first, charged at once, and the next, scheduled

        foreach (var charge in charges)
        {
            using var response = await LookUpAsync(charge.MerchantUid, "010-1234-5678");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/" + SubscribeService.ManageLink(s), response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task A_wrong_phone_for_a_subscription_gets_the_answer_an_unknown_number_gets()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today);
        var charge = (await app.Get<SubscriptionStore>().ChargesAsync(s.Id))[0];

        using var wrongPhone = await LookUpAsync(s.PublicId, "010-9999-9999");
        using var wrongPhoneForCharge = await LookUpAsync(charge.MerchantUid, "010-9999-9999");
        using var unknown = await LookUpAsync("s0000000000", "010-1234-5678");

        var answers = new List<string>();
        foreach (var response in new[] { wrongPhone, wrongPhoneForCharge, unknown })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            Assert.Contains("일치하는 주문이 없습니다", html, StringComparison.Ordinal);
            Assert.DoesNotContain(s.AccessKey, html, StringComparison.Ordinal);
            Assert.DoesNotContain(charge.AccessKey, html, StringComparison.Ordinal);
            // The form and its answer are the same but for the antiforgery token and what was typed, shown back.
            answers.Add(Normalized(html, s.PublicId, charge.MerchantUid, "s0000000000", "010-9999-9999", "010-1234-5678"));
        }
        Assert.Single(answers.Distinct());
    }

    [Fact]
    public async Task Guessing_subscription_phones_counts_towards_the_lookup_limit()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today.AddDays(3));
        for (var i = 0; i < RateLimitedApp.Limit; i++)
        {
            using var guess = await LookUpAsync(s.PublicId, $"010-0000-000{i}");
            Assert.Equal(HttpStatusCode.OK, guess.StatusCode);
        }

        using var refused = await LookUpAsync(s.PublicId, "010-1234-5678");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    private static string Normalized(string html, params string[] typed)
    {
        var start = html.IndexOf("data-testid=\"order-lookup\"", StringComparison.Ordinal);
        var text = AntiforgeryToken().Replace(html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)], "");
        return typed.OrderByDescending(value => value.Length).Aggregate(text, (t, value) => t.Replace(value, "TYPED", StringComparison.Ordinal));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
