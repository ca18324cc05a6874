using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>Two app hosts on one database with their background loops on, beating every second.</summary>
public sealed class BackgroundJobsAcrossInstancesTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    private JobsApp _a = null!;
    private JobsApp _b = null!;

    public async Task InitializeAsync()
    {
        _a = new JobsApp(_database.ConnectionString);
        _b = new JobsApp(_database.ConnectionString);
        await _a.InitializeAsync();
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_a).DisposeAsync();
        await ((IAsyncLifetime)_b).DisposeAsync();
        _database.Dispose();
    }

    private sealed class JobsApp(string connectionString) : CheckoutApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["ConnectionStrings:Checkout"] = connectionString,
            ["Reconciliation:Interval"] = "00:00:01",
            ["Subscriptions:UpkeepInterval"] = "00:00:01",
            ["Leases:Duration"] = $"00:00:{LeaseSeconds:00}",
        };

        public bool Runs(string job) => Logs.Lines.Any(line => line.Text.Contains($" now runs {job} |", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(Reconciliation.JobName)]
    [InlineData(SubscriptionUpkeep.JobName)]
    public async Task Of_two_instances_exactly_one_runs_the_job_and_keeps_it(string job)
    {
        await Eventually.UntilAsync(() => _a.Runs(job) || _b.Runs(job));
        var first = await LeaseAsync(job);
        // Both beat every second. Once the holder has renewed the lease a whole lease's length past where it
        // stood, the other has had every chance to find it lapsed and take the job; it must not have.
        var later = await Eventually.WaitAsync(() => LeaseAsync(job), lease => lease.ExpiresAt >= first.ExpiresAt + LeaseSeconds,
            TimeSpan.FromSeconds(15));

        Assert.Equal(first.Holder, later.Holder);
        Assert.True(_a.Runs(job) ^ _b.Runs(job));
    }

    private const int LeaseSeconds = 3;

    private async Task<Lease> LeaseAsync(string job)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.QuerySingleAsync<Lease>("SELECT holder AS Holder, expires_at AS ExpiresAt FROM job_leases WHERE job = @job;", new { job });
    }

    private sealed record Lease(string Holder, long ExpiresAt);
}
