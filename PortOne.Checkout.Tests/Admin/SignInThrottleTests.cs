using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>The app as deployed limits sign-in: a burst of wrong passwords locks the client out, even for the right one.</summary>
public class SignInThrottleTests(SignInThrottleTests.ThrottledApp app) : IClassFixture<SignInThrottleTests.ThrottledApp>
{
    /// <summary>Three attempts, so the test needs few posts; an hour's window, so no window ends in the middle of a test.</summary>
    public sealed class ThrottledApp : CheckoutApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["Admin:SignInLimits:Attempts"] = "3",
            ["Admin:SignInLimits:Window"] = "01:00:00",
        };
    }

    [Fact]
    public async Task After_a_burst_of_wrong_passwords_even_the_right_one_is_answered_429_with_retry_after()
    {
        using var client = new StaffClient(app.BaseUri);
        for (var i = 0; i < 3; i++)
        {
            using var wrong = await client.SignInAsync("admin", "wrong-" + i);
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        using var throttled = await client.SignInAsync("admin", CheckoutApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = int.Parse(throttled.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 3600);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await throttled.Content.ReadAsStringAsync());
        Assert.Contains("로그인 시도가 너무 많습니다", page.QuerySelector("[data-testid=login-throttled]")!.TextContent, StringComparison.Ordinal);
        Assert.Null(client.Cookies.GetCookies(app.BaseUri)["checkout-admin"]);
    }

    [Fact]
    public void One_user_name_tried_from_many_addresses_is_throttled()
    {
        using var throttle = Throttle(attempts: 2, window: TimeSpan.FromHours(1));

        var waits = Enumerable.Range(1, 3).Select(i => throttle.Wait(IPAddress.Parse($"10.0.0.{i}"), "admin")).ToList();

        Assert.Equal([false, false, true], waits.Select(w => w is not null));
    }

    [Fact]
    public void Many_user_names_tried_from_one_address_are_throttled()
    {
        using var throttle = Throttle(attempts: 2, window: TimeSpan.FromHours(1));
        var address = IPAddress.Parse("10.0.0.1");

        var names = new[] { "kim", "lee", "park" };
        var waits = names.Select(name => throttle.Wait(address, name)).ToList();

        Assert.Equal([false, false, true], waits.Select(w => w is not null));
    }

    [Fact]
    public async Task Repeated_bursts_wait_for_the_long_window()
    {
        using var throttle = Throttle(attempts: 2, window: TimeSpan.FromMilliseconds(300), longAttempts: 6, longWindow: TimeSpan.FromMinutes(10));
        var address = IPAddress.Parse("10.0.0.1");
        TimeSpan? Attempt() => throttle.Wait(address, "admin");

        var firstRefusal = Enumerable.Range(0, 10).Select(_ => Attempt()).First(wait => wait is not null);
        // Someone who keeps trying gets a burst in each short window until the long one runs out.
        var laterRefusal = await Eventually.WaitAsync(() => Task.FromResult(Attempt()), wait => wait > TimeSpan.FromMinutes(1));

        Assert.InRange(firstRefusal!.Value, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(1));
        Assert.InRange(laterRefusal!.Value, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10));
    }

    private static SignInThrottle Throttle(int attempts, TimeSpan window, int longAttempts = 100, TimeSpan? longWindow = null) =>
        new(Options.Create(new AdminOptions
        {
            SignInLimits = new SignInLimits { Attempts = attempts, Window = window, LongAttempts = longAttempts, LongWindow = longWindow ?? TimeSpan.FromHours(1) },
        }), NullLogger<SignInThrottle>.Instance);
}
