using System.Net.Http.Json;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Subscriptions;

/// <summary>
/// A billing key PortOne would not delete when a subscription stopped using it is retried by the upkeep
/// after growing pauses, until PortOne deletes it or says it is gone; after the last attempt staff are told.
/// </summary>
public class KeyDeletionRetryTests(SubscriptionApp app) : IClassFixture<SubscriptionApp>
{
    private BillingKeyDeletions KeyDeletions => app.Get<BillingKeyDeletions>();

    private PortOneClient PortOne => app.Get<PortOneClient>();

    [Fact]
    public async Task A_key_PortOne_did_not_delete_at_the_cancel_is_deleted_by_an_upkeep_round_after_its_pause()
    {
        var s = await app.SubscribeAsync();
        var key = s.CustomerUid!;
        await CancelWhilePortOneFailsAsync(s);

        var kept = Assert.Single(await KeyDeletions.ForSubscriptionAsync(s.Id));
        Assert.Equal((key, 1, (long?)null), (kept.CustomerUid, kept.Attempts, kept.DeletedAt));
        Assert.NotNull(await PortOne.GetCustomerAsync(key));

        // Before the pause is over the round leaves it alone; after it, the round deletes it.
        await app.Get<SubscriptionUpkeep>().RunOnceAsync();
        Assert.Equal(1, Assert.Single(await KeyDeletions.ForSubscriptionAsync(s.Id)).Attempts);
        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await app.Get<SubscriptionUpkeep>().RunOnceAsync();

        var done = Assert.Single(await KeyDeletions.ForSubscriptionAsync(s.Id));
        Assert.Equal(2, done.Attempts);
        Assert.NotNull(done.DeletedAt);
        Assert.Null(await PortOne.GetCustomerAsync(key));
        Assert.Contains(await app.Get<SubscriptionStore>().EventsAsync(s.Id), e => e.Detail.Contains($"{key} deleted at PortOne on attempt 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_PortOne_no_longer_has_counts_as_deleted()
    {
        var s = await app.SubscribeAsync();
        await CancelWhilePortOneFailsAsync(s);
        // An earlier attempt reached PortOne but its answer was lost.
        await PortOne.DeleteCustomerAsync(s.CustomerUid!, "test");

        app.Clock.Advance(TimeSpan.FromMinutes(6));
        await KeyDeletions.RetryDueAsync();

        Assert.NotNull(Assert.Single(await KeyDeletions.ForSubscriptionAsync(s.Id)).DeletedAt);
    }

    [Fact]
    public async Task The_pauses_double_and_after_the_last_attempt_the_key_is_left_to_staff()
    {
        var s = await app.SubscribeAsync();
        await CancelWhilePortOneFailsAsync(s);
        var attempts = app.Get<Microsoft.Extensions.Options.IOptions<SubscriptionOptions>>().Value.KeyDeletionAttempts;
        var pauses = new List<long>();
        await SetFaultsAsync(1.0);
        try
        {
            for (var round = 0; round < attempts + 2; round++)
            {
                var before = Assert.Single(await KeyDeletions.ForSubscriptionAsync(s.Id));
                pauses.Add(before.NextAttemptAt - app.Clock.GetUtcNow().ToUnixTimeSeconds());
                app.Clock.Advance(TimeSpan.FromSeconds(Math.Max(before.NextAttemptAt - app.Clock.GetUtcNow().ToUnixTimeSeconds(), 0) + 1));
                await KeyDeletions.RetryDueAsync();
            }
        }
        finally
        {
            await SetFaultsAsync(0);
        }

        var given = Assert.Single(await KeyDeletions.ForSubscriptionAsync(s.Id));
        Assert.Equal(attempts, given.Attempts);
        Assert.NotNull(given.GaveUpAt);
        Assert.Null(given.DeletedAt);
        Assert.Equal([300, 600, 1200, 2400, 4800], pauses.Take(attempts - 1));
        Assert.NotNull(await PortOne.GetCustomerAsync(s.CustomerUid!));
        Assert.Contains(await app.Get<SubscriptionStore>().EventsAsync(s.Id), e => e.Detail.Contains($"after {attempts} attempts", StringComparison.Ordinal));
        Assert.Contains(s.Id, await KeyDeletions.GivenUpSubscriptionIdsAsync());
    }

    private async Task CancelWhilePortOneFailsAsync(Subscription s)
    {
        await SetFaultsAsync(1.0);
        try
        {
            Assert.True((await app.Get<SubscriptionBilling>().CancelAsync(s.Id, "shopper")).Cancelled);
        }
        finally
        {
            await SetFaultsAsync(0);
        }
    }

    private async Task SetFaultsAsync(double errorRate)
    {
        using var response = await app.CreateClient().PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = errorRate });
        response.EnsureSuccessStatusCode();
    }
}
