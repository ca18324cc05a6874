using Dapper;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Features.PhoneOrders;

/// <summary>A card staff saved as a billing key: PortOne's key id and the card as PortOne masks it, nothing more.</summary>
public sealed class SavedCard
{
    public long Id { get; init; }
    public string CustomerUid { get; init; } = "";
    public string CustomerId { get; init; } = "";
    public string HolderName { get; init; } = "";
    public string HolderTel { get; init; } = "";
    public string HolderEmail { get; init; } = "";
    public string? CardName { get; init; }
    public string? CardNumber { get; init; }
    public string CreatedBy { get; init; } = "";
    public long CreatedAt { get; init; }
    /// <summary>When staff removed it, after PortOne deleted the key; a removed card is never charged again.</summary>
    public long? RemovedAt { get; init; }
    public string? RemovedBy { get; init; }

    public bool IsRemoved => RemovedAt is not null;
}

/// <summary>The saved cards of phone orders in the database.</summary>
public sealed class SavedCardStore(Db db, TimeProvider time)
{
    private const string Columns = """
        id, customer_uid, customer_id, holder_name, holder_tel, holder_email, card_name, card_number, created_by, created_at, removed_at, removed_by
        """;

    /// <summary>Keeps a key PortOne confirmed; a second save of the same key keeps the first.</summary>
    public async Task<SavedCard> SaveAsync(string customerUid, string customerId, string holderName, string holderTel, string holderEmail,
        string? cardName, string? cardNumber, string createdBy, CancellationToken cancellationToken = default)
    {
        await using (var connection = await db.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync("""
                INSERT INTO saved_cards (customer_uid, customer_id, holder_name, holder_tel, holder_email, card_name, card_number, created_by, created_at)
                VALUES (@customerUid, @customerId, @holderName, @holderTel, @holderEmail, @cardName, @cardNumber, @createdBy, @now)
                ON CONFLICT (customer_uid) DO NOTHING;
                """, new { customerUid, customerId, holderName, holderTel, holderEmail, cardName, cardNumber, createdBy, now = time.GetUtcNow().ToUnixTimeSeconds() });
        }
        return (await FindAsync(customerUid, cancellationToken))!;
    }

    public async Task<SavedCard?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SavedCard>($"SELECT {Columns} FROM saved_cards WHERE id = @id;", new { id });
    }

    public async Task<SavedCard?> FindAsync(string customerUid, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SavedCard>($"SELECT {Columns} FROM saved_cards WHERE customer_uid = @customerUid;", new { customerUid });
    }

    /// <summary>The cards that may be charged, newest first; removed ones are left out.</summary>
    public async Task<IReadOnlyList<SavedCard>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SavedCard>(
            $"SELECT {Columns} FROM saved_cards WHERE removed_at IS NULL ORDER BY created_at DESC, id DESC LIMIT @limit;", new { limit })).AsList();
    }

    /// <summary>
    /// Marks a card removed once PortOne has deleted its key, and forgets the holder's phone, email and masked number
    /// (the row stays for the audit entries that name it). False when it was removed already (a second post, another tab).
    /// </summary>
    public async Task<bool> MarkRemovedAsync(long id, string removedBy, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync("""
            UPDATE saved_cards
            SET removed_at = @now, removed_by = @removedBy, holder_tel = '', holder_email = '', card_number = NULL
            WHERE id = @id AND removed_at IS NULL;
            """, new { id, removedBy, now = time.GetUtcNow().ToUnixTimeSeconds() }) == 1;
    }
}
