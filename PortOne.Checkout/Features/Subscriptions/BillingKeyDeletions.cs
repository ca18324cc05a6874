using Dapper;
using Microsoft.Extensions.Options;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>A billing key PortOne has not deleted yet (or would not, in the end). Times in unix seconds.</summary>
public sealed class KeyDeletion
{
    public long Id { get; init; }
    public long SubscriptionId { get; init; }
    public string CustomerUid { get; init; } = "";
    public string Reason { get; init; } = "";
    public int Attempts { get; init; }
    public long NextAttemptAt { get; init; }
    public string? LastError { get; init; }
    public long? DeletedAt { get; init; }
    public long? GaveUpAt { get; init; }
    public long CreatedAt { get; init; }
}

/// <summary>
/// Deletes the billing keys a subscription no longer uses (the old card after a change, every key after a
/// cancel). A key left at PortOne can still be charged through our API key, so a failed deletion is not
/// just noted: it is kept here and the upkeep retries it with doubling pauses, a bounded number of times.
/// PortOne answering that it has no such key counts as deleted. When the attempts are used up, the
/// subscription's staff page says so and names the key to delete in PortOne's console.
/// </summary>
public sealed partial class BillingKeyDeletions(Db db, PortOneClient portOne, SubscriptionStore store, IOptions<SubscriptionOptions> options,
    TimeProvider time, ILogger<BillingKeyDeletions> logger)
{
    private const string Columns = """
        id, subscription_id, customer_uid, reason, attempts, next_attempt_at, last_error, deleted_at, gave_up_at, created_at
        """;

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The first try, at the moment the key stops being used; a failure is kept for the upkeep to retry.</summary>
    public async Task DeleteAsync(long subscriptionId, string customerUid, string reason, CancellationToken cancellationToken = default)
    {
        if (await TryDeleteAsync(customerUid, reason, cancellationToken) is not { } error)
        {
            await store.AddEventAsync(subscriptionId, SubscriptionBilling.Source, $"billing key {customerUid} deleted at PortOne ({reason})", cancellationToken);
            return;
        }
        var now = Now;
        var gaveUp = options.Value.KeyDeletionAttempts <= 1;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO billing_key_deletions (subscription_id, customer_uid, reason, attempts, next_attempt_at, last_error, gave_up_at, created_at)
                VALUES (@subscriptionId, @customerUid, @reason, 1, @next, @error, @gaveUpAt, @now)
                ON CONFLICT (customer_uid) DO NOTHING;
                """, new { subscriptionId, customerUid, reason, next = now + Pause(1), error, gaveUpAt = gaveUp ? now : (long?)null, now });
        }
        await store.AddEventAsync(subscriptionId, SubscriptionBilling.Source, gaveUp
            ? $"billing key {customerUid} could not be deleted at PortOne ({error}); delete it in PortOne's console"
            : $"billing key {customerUid} could not be deleted at PortOne ({error}); retried from {KoreanTime.Format(now + Pause(1))}", cancellationToken);
    }

    /// <summary>The upkeep's step: one more try for every key whose pause is over.</summary>
    public async Task RetryDueAsync(CancellationToken cancellationToken = default)
    {
        IReadOnlyList<KeyDeletion> due;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            due = (await connection.QueryAsync<KeyDeletion>($"""
                SELECT {Columns} FROM billing_key_deletions
                WHERE deleted_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= @now
                ORDER BY next_attempt_at, id;
                """, new { now = Now })).AsList();
        }
        foreach (var deletion in due)
        {
            await RetryAsync(deletion, cancellationToken);
        }
    }

    /// <summary>A subscription's keys that were not deleted at once, newest first, for its staff page.</summary>
    public async Task<IReadOnlyList<KeyDeletion>> ForSubscriptionAsync(long subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<KeyDeletion>(
            $"SELECT {Columns} FROM billing_key_deletions WHERE subscription_id = @subscriptionId ORDER BY id DESC;", new { subscriptionId })).AsList();
    }

    /// <summary>Ids of subscriptions with a key left to staff, for the list's flag.</summary>
    public async Task<IReadOnlySet<long>> GivenUpSubscriptionIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>(
            "SELECT DISTINCT subscription_id FROM billing_key_deletions WHERE gave_up_at IS NOT NULL AND deleted_at IS NULL;")).ToHashSet();
    }

    private async Task RetryAsync(KeyDeletion deletion, CancellationToken cancellationToken)
    {
        var error = await TryDeleteAsync(deletion.CustomerUid, deletion.Reason, cancellationToken);
        var now = Now;
        var attempts = deletion.Attempts + 1;
        var gaveUp = error is not null && attempts >= options.Value.KeyDeletionAttempts;
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            // Guarded by the attempt count read: two upkeep rounds racing record one outcome per attempt.
            var updated = await connection.ExecuteAsync("""
                UPDATE billing_key_deletions
                SET attempts = @attempts, next_attempt_at = @next, last_error = @error,
                    deleted_at = @deletedAt, gave_up_at = @gaveUpAt
                WHERE id = @Id AND attempts = @seenAttempts AND deleted_at IS NULL AND gave_up_at IS NULL;
                """, new
            {
                // Parameter names differ by more than case: PostgreSQL's driver matches them case-insensitively.
                deletion.Id, seenAttempts = deletion.Attempts, attempts, next = now + Pause(attempts), error = error ?? deletion.LastError,
                deletedAt = error is null ? now : (long?)null, gaveUpAt = gaveUp ? now : (long?)null,
            });
            if (updated == 0)
            {
                return;
            }
        }
        var detail = error is null ? $"billing key {deletion.CustomerUid} deleted at PortOne on attempt {attempts} ({deletion.Reason})"
            : gaveUp ? $"billing key {deletion.CustomerUid} could not be deleted at PortOne after {attempts} attempts ({error}); delete it in PortOne's console"
            : $"billing key {deletion.CustomerUid} not deleted on attempt {attempts} ({error}); retried from {KoreanTime.Format(now + Pause(attempts))}";
        await store.AddEventAsync(deletion.SubscriptionId, SubscriptionBilling.Source, detail, cancellationToken);
        if (gaveUp)
        {
            LogGaveUp(logger, deletion.CustomerUid, attempts);
        }
    }

    /// <summary>Null when PortOne deleted the key or has no such key (deleted before, perhaps by an attempt whose answer was lost); else why not.</summary>
    private async Task<string?> TryDeleteAsync(string customerUid, string reason, CancellationToken cancellationToken)
    {
        try
        {
            await portOne.DeleteCustomerAsync(customerUid, reason, cancellationToken);
            return null;
        }
        catch (PortOneApiException ex)
        {
            LogNotDeleted(logger, ex, customerUid);
            return ex.Message;
        }
    }

    /// <summary>The pause after the <paramref name="attempts"/>-th failed try: the first pause, doubled each time, at most a day.</summary>
    private long Pause(int attempts)
    {
        var first = (long)options.Value.KeyDeletionFirstRetry.TotalSeconds;
        return Math.Min(first << Math.Min(attempts - 1, 20), 86_400);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Billing key {CustomerUid} could not be deleted at PortOne; the upkeep retries it")]
    private static partial void LogNotDeleted(ILogger logger, Exception exception, string customerUid);

    [LoggerMessage(Level = LogLevel.Error, Message = "Billing key {CustomerUid} still not deleted at PortOne after {Attempts} attempts; delete it in PortOne's console")]
    private static partial void LogGaveUp(ILogger logger, string customerUid, int attempts);
}
