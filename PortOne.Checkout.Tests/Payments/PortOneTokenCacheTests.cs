using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Tests.Payments;

public class PortOneTokenCacheTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-11-28T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private int _issued;

    private Task<IssuedToken> IssueAsync(CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _issued);
        // PortOne's clock is an hour off ours: only the lifetime it reports may count.
        const long portOneNow = 1_767_225_600;
        return Task.FromResult(new IssuedToken($"token-{n}", portOneNow, portOneNow + 30 * 60));
    }

    [Fact]
    public async Task Token_is_reused_while_it_has_life_left()
    {
        var cache = new PortOneTokenCache(_clock);

        var first = await cache.GetAsync(IssueAsync, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(28));
        var second = await cache.GetAsync(IssueAsync, CancellationToken.None);

        Assert.Equal(("token-1", "token-1", 1), (first, second, _issued));
    }

    [Fact]
    public async Task Token_is_replaced_a_minute_before_it_expires_whatever_portones_clock_says()
    {
        var cache = new PortOneTokenCache(_clock);
        await cache.GetAsync(IssueAsync, CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(29) + TimeSpan.FromSeconds(1));
        var refreshed = await cache.GetAsync(IssueAsync, CancellationToken.None);

        Assert.Equal(("token-2", 2), (refreshed, _issued));
    }

    [Fact]
    public async Task Refused_token_is_replaced_on_the_next_call()
    {
        var cache = new PortOneTokenCache(_clock);
        var refused = await cache.GetAsync(IssueAsync, CancellationToken.None);

        cache.Invalidate(refused);

        Assert.Equal("token-2", await cache.GetAsync(IssueAsync, CancellationToken.None));
    }

    [Fact]
    public async Task Invalidating_an_old_token_keeps_the_newer_one()
    {
        var cache = new PortOneTokenCache(_clock);
        var old = await cache.GetAsync(IssueAsync, CancellationToken.None);
        cache.Invalidate(old);
        var current = await cache.GetAsync(IssueAsync, CancellationToken.None);

        cache.Invalidate(old);

        Assert.Equal(current, await cache.GetAsync(IssueAsync, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        var cache = new PortOneTokenCache(_clock);
        var release = new TaskCompletionSource();
        var calls = 0;
        async Task<IssuedToken> SlowIssueAsync(CancellationToken ct)
        {
            Interlocked.Increment(ref calls);
            await release.Task;
            return new IssuedToken("shared", 0, 1800);
        }

        var callers = Enumerable.Range(0, 50).Select(_ => cache.GetAsync(SlowIssueAsync, CancellationToken.None).AsTask()).ToArray();
        release.SetResult();
        var tokens = await Task.WhenAll(callers);

        Assert.Equal((1, 1), (calls, tokens.Distinct().Count()));
    }
}
