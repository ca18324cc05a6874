using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>The app with small per-client limits, so a test can reach them in a few requests.</summary>
public sealed class RateLimitedApp : CheckoutApp
{
    public const int Limit = 3;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["RateLimits:Notices:PermitLimit"] = $"{Limit}",
        ["RateLimits:PaymentResults:PermitLimit"] = $"{Limit}",
        ["RateLimits:OrderLookups:PermitLimit"] = $"{Limit}",
        ["Reconciliation:Enabled"] = "false",
        // The test client plays a reverse proxy on the same machine, as nginx would be.
        ["ReverseProxy:KnownProxies:0"] = "127.0.0.1",
    };

    /// <summary>A request as if from <paramref name="clientIp"/>, forwarded by the trusted proxy on loopback.</summary>
    public static HttpRequestMessage From(string clientIp, HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add("X-Forwarded-For", clientIp);
        return request;
    }
}

/// <summary>Made-up notices and result-page lookups each cost a PortOne call: one client gets only so many.</summary>
public class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private readonly HttpClient _http = app.CreateClient();

    private Task<HttpResponseMessage> NoticeAsync(string clientIp) =>
        _http.SendAsync(RateLimitedApp.From(clientIp, HttpMethod.Post, "/api/v1/payments/notice",
            JsonContent.Create(new { imp_uid = "imp_424242424242", merchant_uid = "ord-none", status = "paid" })));

    [Fact]
    public async Task Notices_beyond_the_limit_are_answered_429_with_retry_after_and_other_clients_are_not_affected()
    {
        for (var i = 0; i < RateLimitedApp.Limit; i++)
        {
            using var allowed = await NoticeAsync("203.0.113.10");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await NoticeAsync("203.0.113.10");
        using var someoneElse = await NoticeAsync("203.0.113.11");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("요청이 너무 많습니다", (await refused.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, someoneElse.StatusCode);
    }

    [Fact]
    public async Task A_storm_of_resends_from_portones_published_addresses_all_lands()
    {
        foreach (var portOne in NoticeOptions.PortOneSourceIps)
        {
            for (var i = 0; i < RateLimitedApp.Limit * 4; i++)
            {
                using var response = await NoticeAsync(portOne);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task Result_page_lookups_beyond_the_limit_get_a_readable_429_page_not_the_not_found_page()
    {
        HttpRequestMessage Landing() => RateLimitedApp.From("198.51.100.7", HttpMethod.Get, "/payments/result?imp_uid=imp_424242424242&merchant_uid=ord-none");
        for (var i = 0; i < RateLimitedApp.Limit; i++)
        {
            using var allowed = await _http.SendAsync(Landing());
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var request = Landing();
        request.Headers.Accept.ParseAdd("text/html");
        using var refused = await _http.SendAsync(request);
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Equal("text/html", refused.Content.Headers.ContentType!.MediaType);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("요청이 너무 많습니다", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Not Found", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ipv6_clients_are_limited_per_64_so_rotating_addresses_does_not_escape_the_limit()
    {
        for (var i = 0; i < RateLimitedApp.Limit; i++)
        {
            using var allowed = await NoticeAsync($"2001:db8:1:2::{i + 1:x}");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await NoticeAsync("2001:db8:1:2::ffff");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }
}
