using System.ComponentModel.DataAnnotations;
using Dapper;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Hosting;

/// <summary>The <c>Leases</c> configuration section.</summary>
public sealed class LeaseOptions
{
    public const string Section = "Leases";

    /// <summary>
    /// How long a job's lease lasts without renewal: how soon another instance takes a job over from
    /// one that died. Its holder renews it every third of this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00", ErrorMessage = "Leases:Duration must be between 3 seconds and 10 minutes.")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);
}

public static class JobLeasesModule
{
    public static IServiceCollection AddJobLeases(this IServiceCollection services)
    {
        services.AddOptions<LeaseOptions>().BindConfiguration(LeaseOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<JobLeases>();
        return services;
    }
}

/// <summary>
/// Leases on background jobs, kept in the shared database, so that with several instances a job runs
/// on one of them at a time. Taking and renewing are one guarded upsert: it succeeds when nobody holds
/// the job, its lease has expired, or this instance already holds it. One per process: its
/// <see cref="Holder"/> names this instance.
/// </summary>
public sealed class JobLeases(Db db, TimeProvider time, IOptions<LeaseOptions> options)
{
    private const string TakeSql = """
        INSERT INTO job_leases (job, holder, expires_at) VALUES (@job, @holder, @expiresAt)
        ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
        WHERE job_leases.expires_at < @now OR job_leases.holder = @holder;
        """;

    private const string ReleaseSql = "DELETE FROM job_leases WHERE job = @job AND holder = @holder;";

    /// <summary>This instance, as the lease table names it: the machine and process for an operator, a random part for uniqueness.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..12]}";

    public TimeSpan Duration => options.Value.Duration;

    /// <summary>How often a holder renews: a renewal may fail twice (a busy database) before the lease runs out.</summary>
    public TimeSpan RenewEvery => Duration / 3;

    /// <summary>Takes the job's lease, or renews it when this instance holds it; false while another instance's is alive.</summary>
    public async Task<bool> TryTakeAsync(string job, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(TakeSql,
            new { job, holder = Holder, now, expiresAt = now + (long)Math.Ceiling(Duration.TotalSeconds) },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Gives the job up at once (a graceful stop), so another instance need not wait for the lease to expire.</summary>
    public async Task ReleaseAsync(string job, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(ReleaseSql, new { job, holder = Holder }, cancellationToken: cancellationToken));
    }

    /// <summary>A job that runs a round every <paramref name="interval"/> on whichever instance holds its lease.</summary>
    public LeasedJob Job(string name, TimeSpan interval, ILogger logger) => new(name, interval, this, time, logger);
}

/// <summary>
/// One background job under a lease. Every instance beats (<see cref="BeatAsync"/>): the holder renews
/// and runs a round when one is due, the others find the lease taken and wait. An instance that takes
/// the job over runs a round at once, because the holder it replaces may have died in the middle of
/// one. A round renews the lease while it runs and is cancelled if the lease is lost all the same, so
/// two instances do not keep working side by side. What a round does must still be safe to repeat:
/// a holder that froze past its lease may finish a step after its successor has taken it.
/// </summary>
public sealed partial class LeasedJob(string name, TimeSpan interval, JobLeases leases, TimeProvider time, ILogger logger)
{
    private bool _held;
    private DateTimeOffset _nextRound;

    public string Name { get; } = name;

    /// <summary>Whether this instance held the lease at its last beat.</summary>
    public bool Held => _held;

    /// <summary>Takes or renews the lease, then runs <paramref name="roundAsync"/> if this instance holds it and a round is due. True when a round ran.</summary>
    public async Task<bool> BeatAsync(Func<CancellationToken, Task> roundAsync, CancellationToken cancellationToken)
    {
        if (!await leases.TryTakeAsync(Name, cancellationToken))
        {
            if (_held)
            {
                LogLost(logger, Name, leases.Holder);
            }
            _held = false;
            return false;
        }
        var now = time.GetUtcNow();
        var tookOver = !_held;
        _held = true;
        if (tookOver)
        {
            LogTook(logger, Name, leases.Holder);
        }
        else if (now < _nextRound)
        {
            return false;
        }
        _nextRound = now + interval;
        await RunRoundAsync(roundAsync, cancellationToken);
        return true;
    }

    /// <summary>Beats until the host stops, then hands the lease back. A process that dies skips that and its lease expires.</summary>
    public async Task RunAsync(Func<CancellationToken, Task> roundAsync, CancellationToken stoppingToken)
    {
        // Often enough to renew in time, and to start each round on time.
        var pause = interval < leases.RenewEvery ? interval : leases.RenewEvery;
        try
        {
            while (true)
            {
                try
                {
                    await BeatAsync(roundAsync, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database hiccup or a failed round must not end the loop that heals everything else.
                    LogBeatFailed(logger, ex, Name);
                }
                await Task.Delay(pause, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (_held)
            {
                try
                {
                    await leases.ReleaseAsync(Name, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    LogReleaseFailed(logger, ex, Name);
                }
            }
        }
    }

    private async Task RunRoundAsync(Func<CancellationToken, Task> roundAsync, CancellationToken cancellationToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var finished = new CancellationTokenSource();
        var renewing = KeepRenewingAsync(lost, finished.Token);
        try
        {
            await roundAsync(lost.Token);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Lost the lease mid-round (logged by the renewal); the new holder starts a round of its own.
        }
        finally
        {
            await finished.CancelAsync();
            await renewing;
        }
    }

    private async Task KeepRenewingAsync(CancellationTokenSource lost, CancellationToken finished)
    {
        try
        {
            while (true)
            {
                await Task.Delay(leases.RenewEvery, time, finished);
                bool renewed;
                try
                {
                    renewed = await leases.TryTakeAsync(Name, finished);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One failed renewal is not a lost lease: the next one comes well before it expires.
                    LogBeatFailed(logger, ex, Name);
                    continue;
                }
                if (!renewed)
                {
                    _held = false;
                    LogLost(logger, Name, leases.Holder);
                    await lost.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (finished.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance ({Holder}) now runs {Job}")]
    private static partial void LogTook(ILogger logger, string job, string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "This instance ({Holder}) lost the lease on {Job}; another instance runs it now")]
    private static partial void LogLost(ILogger logger, string job, string holder);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job}: taking or renewing its lease, or its round, failed; the next beat retries")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job}: could not hand its lease back; another instance takes it when it expires")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string job);
}
