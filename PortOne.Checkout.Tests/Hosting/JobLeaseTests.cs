using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Tests.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>
/// Two instances on one database, each with its own <see cref="JobLeases"/> (its own holder name), on
/// one fake clock that the test moves. Beats are driven by hand, so every step is deterministic.
/// </summary>
public sealed class JobLeaseTests : IAsyncLifetime
{
    private const string JobName = "test-job";
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly MigratedDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    private JobLeases _a = null!;
    private JobLeases _b = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var options = Options.Create(new LeaseOptions { Duration = TimeSpan.FromSeconds(30) });
        _a = new JobLeases(_database.Db, _clock, options);
        _b = new JobLeases(_database.Db, _clock, options);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Of_two_instances_only_the_lease_holder_runs_rounds_one_per_interval()
    {
        var (a, b) = (Job(_a), Job(_b));
        var rounds = new List<string>();

        for (var second = 0; second <= 120; second += 10)
        {
            if (await a.BeatAsync(Round(rounds, "a"), default) | await b.BeatAsync(Round(rounds, "b"), default))
            {
                rounds.Add($"at {second}");
            }
            _clock.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal(["a", "at 0", "a", "at 60", "a", "at 120"], rounds);
        Assert.True(a.Held);
        Assert.False(b.Held);
    }

    [Fact]
    public async Task A_holder_that_dies_without_handing_its_lease_back_is_replaced_once_the_lease_expires()
    {
        var (a, b) = (Job(_a), Job(_b));
        var rounds = new List<string>();
        await a.BeatAsync(Round(rounds, "a"), default);

        // a dies: it never beats again and never releases.
        _clock.Advance(TimeSpan.FromSeconds(30));
        var beforeExpiry = await b.BeatAsync(Round(rounds, "b"), default);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterExpiry = await b.BeatAsync(Round(rounds, "b"), default);
        // Had a only frozen, it finds the job taken when it wakes.
        var aWakes = await a.BeatAsync(Round(rounds, "a"), default);

        Assert.Equal((false, true, false), (beforeExpiry, afterExpiry, aWakes));
        // b ran at once on taking over: a may have died in the middle of its round.
        Assert.Equal(["a", "b"], rounds);
        Assert.Equal((false, true), (a.Held, b.Held));
    }

    [Fact]
    public async Task A_holder_that_stops_gracefully_hands_the_job_over_at_once()
    {
        var (a, b) = (Job(_a), Job(_b));
        var rounds = new List<string>();
        using var stopping = new CancellationTokenSource();
        var running = a.RunAsync(Round(rounds, "a"), stopping.Token);
        await Eventually.UntilAsync(() => a.Held);

        await stopping.CancelAsync();
        await running;
        var taken = await b.BeatAsync(Round(rounds, "b"), default);

        Assert.True(taken);
        Assert.Equal(["a", "b"], rounds);
    }

    [Fact]
    public async Task A_round_that_outlasts_the_lease_keeps_it_by_renewing()
    {
        // The clock moves only while the renewer waits on its timer. Moved while a renewal is still on its
        // way to the database, the renewer would start its next wait late on the fake clock, and the test
        // would see a lease lapse that real time never produces (CI once did, on PostgreSQL).
        var clock = new TimerCountingClock(_clock);
        var a = new JobLeases(_database.Db, clock, Options.Create(new LeaseOptions { Duration = TimeSpan.FromSeconds(30) }))
            .Job(JobName, Interval, NullLogger.Instance);
        var b = Job(_b);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource();
        var round = a.BeatAsync(_ =>
        {
            started.SetResult();
            return release.Task;
        }, default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Twice the lease's duration, one renewal period at a time: each renewal pushes expiry a full
        // lease ahead of the clock, so it never lapses.
        var expiries = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            var parked = clock.TimersCreated;
            _clock.Advance(TimeSpan.FromSeconds(10));
            await Eventually.UntilAsync(() => clock.TimersCreated > parked);
            expiries.Add(await ExpiresAtAsync() - _clock.GetUtcNow().ToUnixTimeSeconds());
        }
        var bMeanwhile = await b.BeatAsync(_ => Task.CompletedTask, default);
        release.SetResult();

        Assert.True(await round);
        Assert.Equal([30, 30, 30, 30, 30, 30], expiries);
        Assert.False(bMeanwhile);
    }

    [Fact]
    public async Task A_holder_whose_lease_was_taken_mid_round_has_its_round_cancelled()
    {
        var a = Job(_a);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var round = a.BeatAsync(async token =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled.SetResult();
                throw;
            }
        }, default);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // As if a froze past its lease and another instance took the job meanwhile.
        await using (var connection = await _database.Db.OpenAsync())
        {
            Assert.Equal(1, await connection.ExecuteAsync("UPDATE job_leases SET holder = 'another instance' WHERE job = @JobName;", new { JobName }));
        }
        _clock.Advance(TimeSpan.FromSeconds(10));

        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await round);
        Assert.False(a.Held);
    }

    private static LeasedJob Job(JobLeases leases) => leases.Job(JobName, Interval, NullLogger.Instance);

    private static Func<CancellationToken, Task> Round(List<string> rounds, string who) => _ =>
    {
        rounds.Add(who);
        return Task.CompletedTask;
    };

    private async Task<long> ExpiresAtAsync()
    {
        await using var connection = await _database.Db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT expires_at FROM job_leases WHERE job = @JobName;", new { JobName });
    }

    /// <summary>The fake clock, counting the timers made on it: a new one means the renewer has finished its last renewal and waits for the next.</summary>
    private sealed class TimerCountingClock(TimeProvider inner) : TimeProvider
    {
        private int _timersCreated;

        public int TimersCreated => Volatile.Read(ref _timersCreated);

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = inner.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timersCreated);
            return timer;
        }
    }
}
