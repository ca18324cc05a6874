using System.Security.Cryptography;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Orders;

/// <summary>Orders, their items and their event history.</summary>
public sealed class OrderStore(Db db, TimeProvider time)
{
    private const string OrderColumns = """
        id, merchant_uid, access_key, status, order_name, amount, tax_free, currency, pay_method, card_quota,
        card_code, buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode, imp_uid, cancelled_amount,
        paid_card_name, paid_card_quota, vbank_name, vbank_num, vbank_due, receipt_url, status_reason, flag,
        created_at, updated_at, paid_at, shipping_fee, pay_options, consent_version, consent_order_at, consent_privacy_at,
        cash_receipt_type, cash_receipt_apply_num, cash_receipt_url, cash_receipt_issued_at
        """;

    public async Task<Order> CreateAsync(NewOrder order, IReadOnlyList<OrderItem> items, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO orders (merchant_uid, access_key, status, order_name, amount, tax_free, currency, pay_method,
                                card_quota, card_code, buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode,
                                created_at, updated_at, shipping_fee, pay_options, consent_version, consent_order_at,
                                consent_privacy_at)
            VALUES (@MerchantUid, @AccessKey, 'pending', @OrderName, @Amount, @TaxFree, @Currency, @PayMethod,
                    @CardQuota, @CardCode, @BuyerName, @BuyerEmail, @BuyerTel, @BuyerAddr, @BuyerPostcode,
                    @now, @now, @ShippingFee, @PayOptions, @ConsentVersion, @ConsentOrderAt, @ConsentPrivacyAt)
            RETURNING id;
            """, new
        {
            order.MerchantUid, AccessKey = NewAccessKey(), order.OrderName, order.Amount, order.TaxFree, order.Currency,
            order.PayMethod, order.CardQuota, order.CardCode, order.BuyerName, order.BuyerEmail, order.BuyerTel,
            order.BuyerAddr, order.BuyerPostcode, now, order.ShippingFee, order.PayOptions, order.ConsentVersion,
            order.ConsentOrderAt, order.ConsentPrivacyAt,
        }, transaction);
        // Flags are 0/1 integers on both providers; PostgreSQL does not store a boolean in an integer column.
        await connection.ExecuteAsync("""
            INSERT INTO order_items (order_id, product_id, name, unit_price, quantity, tax_free)
            VALUES (@id, @ProductId, @Name, @UnitPrice, @Quantity, @TaxFree);
            """, items.Select(i => new { id, i.ProductId, i.Name, i.UnitPrice, i.Quantity, TaxFree = i.TaxFree ? 1 : 0 }), transaction);
        await InsertEventAsync(connection, transaction, id, order.MerchantUid, null, "checkout", null, null, OrderStatus.Pending,
            $"amount {order.Amount} {order.Currency}, {order.PayMethod}", now);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(order.MerchantUid, cancellationToken))!;
    }

    public async Task<Order?> FindAsync(string merchantUid, CancellationToken cancellationToken = default)
    {
        // Every page and endpoint that takes an order number from outside asks here. None holds a control
        // character, and PostgreSQL refuses a NUL in a parameter (an error, where SQLite finds nothing).
        if (!SingleLine.Allows(merchantUid))
        {
            return null;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Order>(
            $"SELECT {OrderColumns} FROM orders WHERE merchant_uid = @merchantUid;", new { merchantUid });
    }

    public async Task<IReadOnlyList<Order>> ListAsync(int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Order>(
            $"SELECT {OrderColumns} FROM orders ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset;",
            new { limit, offset })).AsList();
    }

    public async Task<IReadOnlyList<OrderItem>> ItemsAsync(long orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<OrderItem>(
            "SELECT product_id, name, unit_price, quantity, tax_free FROM order_items WHERE order_id = @orderId ORDER BY rowid;",
            new { orderId })).AsList();
    }

    public async Task<IReadOnlyList<PaymentEvent>> EventsAsync(long orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<PaymentEvent>("""
            SELECT id, merchant_uid, imp_uid, source, portone_status, status_before, status_after, detail, created_at
            FROM payment_events WHERE order_id = @orderId ORDER BY id;
            """, new { orderId })).AsList();
    }

    /// <summary>
    /// Applies one state change and records its event, only if the order is still exactly as the
    /// caller saw it (status and refunded amount). Concurrent syncs of the same payment race here and
    /// exactly one wins; the losers get false and change nothing.
    /// </summary>
    public async Task<bool> TransitionAsync(OrderTransition change, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync("""
            UPDATE orders SET
                status = @To, status_reason = @Reason, updated_at = @now, reconcile_attempts = 0, reconcile_after = 0,
                imp_uid = coalesce(@ImpUid, imp_uid),
                cancelled_amount = @CancelledAmount,
                paid_card_name = coalesce(@CardName, paid_card_name),
                paid_card_quota = coalesce(@CardQuota, paid_card_quota),
                vbank_name = coalesce(@VbankName, vbank_name),
                vbank_num = coalesce(@VbankNum, vbank_num),
                vbank_due = coalesce(@VbankDue, vbank_due),
                receipt_url = coalesce(@ReceiptUrl, receipt_url),
                paid_at = coalesce(@PaidAt, paid_at),
                flag = coalesce(@Flag, flag)
            WHERE id = @OrderId AND status = @From AND cancelled_amount = @FromCancelledAmount;
            """, new
        {
            change.To, change.Reason, now, change.ImpUid, change.CancelledAmount, change.CardName, change.CardQuota,
            change.VbankName, change.VbankNum, change.VbankDue, change.ReceiptUrl, change.PaidAt, change.Flag, change.OrderId,
            change.From, change.FromCancelledAmount,
        }, transaction);
        if (updated != 1)
        {
            return false;
        }
        await InsertEventAsync(connection, transaction, change.OrderId, change.MerchantUid, change.ImpUid, change.Source,
            change.PortOneStatus, change.From, change.To, change.Flag is null ? change.Reason : $"{change.Reason}; flagged: {change.Flag}", now);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Marks an order for the admin's attention without changing its state; recorded once per distinct reason.</summary>
    public async Task<bool> FlagAsync(long orderId, string merchantUid, string? impUid, string source, string? portOneStatus, string reason, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(
            "UPDATE orders SET flag = @reason, updated_at = @now WHERE id = @orderId AND coalesce(flag, '') <> @reason;",
            new { orderId, reason, now }, transaction);
        if (updated != 1)
        {
            return false;
        }
        var status = await connection.ExecuteScalarAsync<string>("SELECT status FROM orders WHERE id = @orderId;", new { orderId }, transaction);
        await InsertEventAsync(connection, transaction, orderId, merchantUid, impUid, source, portOneStatus, status, status, reason, now);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Keeps the cash receipt PortOne issued for an order, with an event for the timeline.</summary>
    public async Task RecordCashReceiptAsync(Order order, string source, string type, string? applyNum, string? receiptUrl, long issuedAt, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE orders SET cash_receipt_type = @type, cash_receipt_apply_num = @applyNum, cash_receipt_url = @receiptUrl,
                              cash_receipt_issued_at = @issuedAt, updated_at = @now
            WHERE id = @Id;
            """, new { type, applyNum, receiptUrl, issuedAt, now, order.Id }, transaction);
        await InsertEventAsync(connection, transaction, order.Id, order.MerchantUid, order.ImpUid, source, null, order.Status, order.Status,
            $"cash receipt issued ({type}), approval {applyNum}", now);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Forgets the cancelled cash receipt so the order may be given a new one; the timeline keeps both
    /// the issue and the cancellation.
    /// </summary>
    public async Task RecordCashReceiptCancelledAsync(Order order, string source, string? applyNum, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE orders SET cash_receipt_type = NULL, cash_receipt_apply_num = NULL, cash_receipt_url = NULL,
                              cash_receipt_issued_at = NULL, updated_at = @now
            WHERE id = @Id;
            """, new { now, order.Id }, transaction);
        await InsertEventAsync(connection, transaction, order.Id, order.MerchantUid, order.ImpUid, source, null, order.Status, order.Status,
            $"cash receipt cancelled, approval {applyNum}", now);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>How long a staff form's one-time token may wait to be sent: a working day.</summary>
    public static readonly TimeSpan FormTokenLifetime = TimeSpan.FromHours(8);

    /// <summary>A new one-time token for a staff form about <paramref name="orderId"/>; spent ones and old ones are swept here.</summary>
    public async Task<string> IssueFormTokenAsync(long orderId, string purpose, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            DELETE FROM staff_form_tokens WHERE created_at < @oldest;
            INSERT INTO staff_form_tokens (token_hash, order_id, purpose, created_at) VALUES (@tokenHash, @orderId, @purpose, @now);
            """, new { tokenHash = Hash(token), orderId, purpose, now, oldest = now - 2 * (long)FormTokenLifetime.TotalSeconds });
        return token;
    }

    /// <summary>
    /// Spends a form's token. One guarded UPDATE, so of any number of copies of a form sent at once
    /// exactly one gets <see cref="FormTokenState.Spent"/>; every other sees it already used.
    /// </summary>
    public async Task<FormTokenState> SpendFormTokenAsync(string? token, long orderId, string purpose, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token))
        {
            return FormTokenState.Unknown;
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var connection = await db.OpenAsync(cancellationToken);
        var spent = await connection.ExecuteAsync("""
            UPDATE staff_form_tokens SET used_at = @now
            WHERE token_hash = @tokenHash AND order_id = @orderId AND purpose = @purpose AND used_at IS NULL AND created_at >= @oldest;
            """, new { tokenHash = Hash(token), orderId, purpose, now, oldest = now - (long)FormTokenLifetime.TotalSeconds });
        if (spent == 1)
        {
            return FormTokenState.Spent;
        }
        var used = await connection.ExecuteScalarAsync<long?>("""
            SELECT used_at FROM staff_form_tokens WHERE token_hash = @tokenHash AND order_id = @orderId AND purpose = @purpose;
            """, new { tokenHash = Hash(token), orderId, purpose });
        return used is null ? FormTokenState.Unknown : FormTokenState.AlreadyUsed;
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    /// <summary>Records something that touched no order (an unknown payment, a forged webhook).</summary>
    public async Task RecordOrphanEventAsync(string? merchantUid, string? impUid, string source, string? portOneStatus, string detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Once per imp_uid: anyone can post made-up notices, and each must not add a row. Copies of one
        // notice arriving together queue here, so only the first finds no earlier row.
        await db.SerializeAsync(transaction, "orphan payment events", cancellationToken);
        await connection.ExecuteAsync("""
            INSERT INTO payment_events (order_id, merchant_uid, imp_uid, source, portone_status, status_before, status_after, detail, created_at)
            SELECT NULL, @merchantUid, @impUid, @source, @portOneStatus, NULL, NULL, @detail, @now
            WHERE NOT EXISTS (SELECT 1 FROM payment_events
                              WHERE order_id IS NULL AND imp_uid IS NOT DISTINCT FROM @impUid AND merchant_uid IS NOT DISTINCT FROM @merchantUid);
            """, new { merchantUid, impUid, source, portOneStatus, detail, now = time.GetUtcNow().ToUnixTimeSeconds() }, transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private static Task InsertEventAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        long? orderId, string? merchantUid, string? impUid, string source, string? portOneStatus, string? before, string? after,
        string? detail, long now) =>
        connection.ExecuteAsync("""
            INSERT INTO payment_events (order_id, merchant_uid, imp_uid, source, portone_status, status_before, status_after, detail, created_at)
            VALUES (@orderId, @merchantUid, @impUid, @source, @portOneStatus, @before, @after, @detail, @now);
            """, new { orderId, merchantUid, impUid, source, portOneStatus, before, after, detail, now }, transaction);

    /// <summary>The secret in the shopper's order link: unguessable, URL-safe.</summary>
    private static string NewAccessKey() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}

/// <summary>What spending a staff form's token found.</summary>
public enum FormTokenState
{
    /// <summary>This request spent it: go on.</summary>
    Spent,
    /// <summary>An earlier copy of the same form spent it.</summary>
    AlreadyUsed,
    /// <summary>Missing, made up, for another order, or too old.</summary>
    Unknown,
}


public sealed record NewOrder(
    string MerchantUid, string OrderName, long Amount, long TaxFree, string Currency, string PayMethod,
    int CardQuota, string? CardCode, string BuyerName, string BuyerEmail, string BuyerTel, string BuyerAddr, string BuyerPostcode)
{
    public long ShippingFee { get; init; }

    /// <summary>JSON of the pay options sent with request_pay (cash receipt type, app card, escrow...).</summary>
    public string? PayOptions { get; init; }

    /// <summary>Which consent texts the shopper ticked, and when (unix seconds); the checkout never creates an order without them.</summary>
    public string? ConsentVersion { get; init; }
    public long? ConsentOrderAt { get; init; }
    public long? ConsentPrivacyAt { get; init; }
}

/// <summary>One state change of an order, guarded by the state it was decided from.</summary>
public sealed record OrderTransition
{
    public required long OrderId { get; init; }
    public required string MerchantUid { get; init; }
    public required string From { get; init; }
    public required long FromCancelledAmount { get; init; }
    public required string To { get; init; }
    public required string Source { get; init; }
    public string? Reason { get; init; }
    public string? ImpUid { get; init; }
    public string? PortOneStatus { get; init; }
    public long CancelledAmount { get; init; }
    public string? CardName { get; init; }
    public int? CardQuota { get; init; }
    public string? VbankName { get; init; }
    public string? VbankNum { get; init; }
    public long? VbankDue { get; init; }
    public string? ReceiptUrl { get; init; }
    public long? PaidAt { get; init; }

    /// <summary>Puts the order in front of staff along with the change (see <c>SyncDecision.Flag</c>).</summary>
    public string? Flag { get; init; }
}
