using Dapper;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Features.Receipts;

/// <summary>The states of an outside cash receipt. Stored as these strings.</summary>
public static class ExternalReceiptStatus
{
    /// <summary>Asked of PortOne, answer not (yet) known: PortOne could not be reached. A look-up settles it.</summary>
    public const string Requested = "requested";
    public const string Issued = "issued";
    public const string Refused = "refused";
    public const string Cancelled = "cancelled";
}

/// <summary>An outside cash receipt as we keep it: never the buyer's number. Money in won; times in unix seconds.</summary>
public sealed class ExternalReceipt
{
    public long Id { get; init; }
    public string MerchantUid { get; init; } = "";
    public string Name { get; init; } = "";
    public long Amount { get; init; }
    /// <summary>The part of <see cref="Amount"/> that carries no VAT.</summary>
    public long TaxFree { get; init; }
    public string Type { get; init; } = CashReceiptIdentifier.Person;
    public string Status { get; init; } = ExternalReceiptStatus.Requested;
    public string? ApplyNum { get; init; }
    public string? ReceiptUrl { get; init; }
    public long? IssuedAt { get; init; }
    public long? CancelledAt { get; init; }
    public string? Detail { get; init; }
    public string CreatedBy { get; init; } = "";
    public long CreatedAt { get; init; }
}

/// <summary>Outside cash receipts in SQLite.</summary>
public sealed class ExternalReceiptStore(Db db, TimeProvider time)
{
    private const string Columns = """
        id, merchant_uid, name, amount, tax_free, type, status, apply_num, receipt_url, issued_at, cancelled_at, detail, created_by, created_at
        """;

    /// <summary>Writes the receipt down before PortOne is asked, so that an answer lost on the way can still be looked up by its merchant_uid.</summary>
    public async Task<ExternalReceipt> AddAsync(string merchantUid, string name, long amount, long taxFree, string type, string createdBy,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO external_receipts (merchant_uid, name, amount, tax_free, type, status, created_by, created_at)
            VALUES (@merchantUid, @name, @amount, @taxFree, @type, 'requested', @createdBy, @now)
            RETURNING id;
            """, new { merchantUid, name, amount, taxFree, type, createdBy, now = time.GetUtcNow().ToUnixTimeSeconds() });
        return (await FindAsync(id, cancellationToken))!;
    }

    public async Task<ExternalReceipt?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ExternalReceipt>($"SELECT {Columns} FROM external_receipts WHERE id = @id;", new { id });
    }

    /// <summary>The newest first.</summary>
    public async Task<IReadOnlyList<ExternalReceipt>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ExternalReceipt>(
            $"SELECT {Columns} FROM external_receipts ORDER BY created_at DESC, id DESC LIMIT @limit;", new { limit })).AsList();
    }

    /// <summary>Records PortOne's answer (an issue, a cancel or a look-up); <paramref name="detail"/> is what staff were told.</summary>
    public async Task UpdateAsync(long id, string status, string? applyNum, string? receiptUrl, long? issuedAt, long? cancelledAt, string? detail,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE external_receipts SET status = @status, apply_num = coalesce(@applyNum, apply_num), receipt_url = coalesce(@receiptUrl, receipt_url),
                                         issued_at = coalesce(@issuedAt, issued_at), cancelled_at = coalesce(@cancelledAt, cancelled_at), detail = @detail
            WHERE id = @id;
            """, new { id, status, applyNum, receiptUrl, issuedAt, cancelledAt, detail });
    }
}
