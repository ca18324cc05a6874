using System.Security.Cryptography;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Subscriptions;

/// <summary>Subscriptions, their charges (each an order) and their events in SQLite.</summary>
public sealed class SubscriptionStore(Db db, TimeProvider time)
{
    private const string Columns = """
        id, public_id, access_key, product_id, plan_name, amount, cycle_months, first_charge_date, status, status_reason,
        buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode, customer_id, customer_uid, card_name, card_number,
        pending_customer_uid, consent_text, consent_at, created_at, updated_at, cancelled_at
        """;

    private const string ChargeColumns = """
        c.id, c.subscription_id, c.cycle, c.attempt, c.order_id, c.merchant_uid, c.customer_uid, c.kind, c.charge_at,
        c.registered_at, c.replaced, c.created_at, o.status AS order_status, o.status_reason AS order_status_reason,
        o.amount, o.cancelled_amount, o.paid_at, o.updated_at AS order_updated_at, o.access_key
        """;

    private long Now => time.GetUtcNow().ToUnixTimeSeconds();

    public async Task<Subscription> CreateAsync(NewSubscription s, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO subscriptions (public_id, access_key, product_id, plan_name, amount, cycle_months, first_charge_date, status,
                                       buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode, customer_id,
                                       pending_customer_uid, consent_text, consent_at, created_at, updated_at)
            VALUES (@PublicId, @AccessKey, @ProductId, @PlanName, @Amount, @CycleMonths, @FirstChargeDate, 'awaiting_card',
                    @BuyerName, @BuyerEmail, @BuyerTel, @BuyerAddr, @BuyerPostcode, @CustomerId,
                    @PendingCustomerUid, @ConsentText, @now, @now, @now)
            RETURNING id;
            """, new
        {
            PublicId = NewToken("s", 5), AccessKey = NewSecret(), s.ProductId, s.PlanName, s.Amount, s.CycleMonths, s.FirstChargeDate,
            s.BuyerName, s.BuyerEmail, s.BuyerTel, s.BuyerAddr, s.BuyerPostcode, CustomerId = NewToken("cust", 8),
            PendingCustomerUid = NewCustomerUid(), s.ConsentText, now,
        }, transaction);
        await InsertEventAsync(connection, transaction, id, "subscribe", "signed up; consent given; awaiting card registration", now);
        await transaction.CommitAsync(cancellationToken);
        return (await FindAsync(id, cancellationToken))!;
    }

    public async Task<Subscription?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Subscription>($"SELECT {Columns} FROM subscriptions WHERE id = @id;", new { id });
    }

    public async Task<Subscription?> FindAsync(string publicId, CancellationToken cancellationToken = default)
    {
        // Pages and the guest lookup pass numbers from outside. None we make holds a control character, and
        // PostgreSQL refuses a NUL even as a parameter (an error, where SQLite simply finds nothing).
        if (!SingleLine.Allows(publicId))
        {
            return null;
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Subscription>($"SELECT {Columns} FROM subscriptions WHERE public_id = @publicId;", new { publicId });
    }

    /// <summary>The subscription one of whose charges is the order <paramref name="merchantUid"/>; null for any other order.</summary>
    public async Task<Subscription?> FindByChargeAsync(string merchantUid, CancellationToken cancellationToken = default)
    {
        if (!SingleLine.Allows(merchantUid))
        {
            return null; // as FindAsync above
        }
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Subscription>($"""
            SELECT {Columns} FROM subscriptions
            WHERE id = (SELECT subscription_id FROM subscription_charges WHERE merchant_uid = @merchantUid);
            """, new { merchantUid });
    }

    public async Task<IReadOnlyList<Subscription>> ListAsync(int limit, int offset, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Subscription>(
            $"SELECT {Columns} FROM subscriptions ORDER BY created_at DESC, id DESC LIMIT @limit OFFSET @offset;", new { limit, offset })).AsList();
    }

    /// <summary>
    /// Subscriptions the upkeep sweep looks after: those that bill or may bill again, and cancelled ones whose
    /// last schedule is not known to be revoked or settled yet.
    /// </summary>
    public async Task<IReadOnlyList<long>> ListLiveIdsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<long>("""
            SELECT s.id FROM subscriptions s
            WHERE s.status IN ('active', 'past_due', 'suspended')
               OR (s.status = 'cancelled' AND EXISTS (
                      SELECT 1 FROM subscription_charges c JOIN orders o ON o.id = c.order_id
                      WHERE c.subscription_id = s.id AND o.status IN ('scheduled', 'pending', 'paid') AND c.replaced = 1))
            ORDER BY s.id;
            """)).AsList();
    }

    public async Task<IReadOnlyList<SubscriptionCharge>> ChargesAsync(long subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SubscriptionCharge>($"""
            SELECT {ChargeColumns} FROM subscription_charges c JOIN orders o ON o.id = c.order_id
            WHERE c.subscription_id = @subscriptionId ORDER BY c.cycle, c.attempt;
            """, new { subscriptionId })).AsList();
    }

    public async Task<SubscriptionCharge?> FindChargeAsync(string merchantUid, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<SubscriptionCharge>($"""
            SELECT {ChargeColumns} FROM subscription_charges c JOIN orders o ON o.id = c.order_id WHERE c.merchant_uid = @merchantUid;
            """, new { merchantUid });
    }

    public async Task<IReadOnlyList<SubscriptionEvent>> EventsAsync(long subscriptionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<SubscriptionEvent>(
            "SELECT id, source, detail, created_at FROM subscription_events WHERE subscription_id = @subscriptionId ORDER BY id;",
            new { subscriptionId })).AsList();
    }

    /// <summary>
    /// Creates the order of one charge and links it, in one transaction. The (subscription, cycle, attempt)
    /// uniqueness makes this the exactly-once point: a second caller for the same charge gets null and
    /// must not ask PortOne for anything.
    /// </summary>
    public async Task<SubscriptionCharge?> CreateChargeAsync(Subscription s, int cycle, int attempt, string kind, long chargeAt,
        long reconcileGraceSeconds, CancellationToken cancellationToken = default)
    {
        var now = Now;
        var merchantUid = MerchantUid(s, cycle, attempt);
        var status = kind == ChargeKind.Schedule ? OrderStatus.Scheduled : OrderStatus.Pending;
        // Reconciliation leaves a scheduled charge alone until PortOne has had its time to run it.
        var reconcileAfter = kind == ChargeKind.Schedule ? chargeAt + reconcileGraceSeconds : 0;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        long orderId;
        try
        {
            orderId = await connection.ExecuteScalarAsync<long>("""
                INSERT INTO orders (merchant_uid, access_key, status, order_name, amount, tax_free, currency, pay_method, card_quota,
                                    buyer_name, buyer_email, buyer_tel, buyer_addr, buyer_postcode, created_at, updated_at,
                                    reconcile_after, consent_version, consent_order_at)
                VALUES (@merchantUid, @accessKey, @status, @orderName, @Amount, 0, 'KRW', 'card', 0,
                        @BuyerName, @BuyerEmail, @BuyerTel, @BuyerAddr, @BuyerPostcode, @now, @now,
                        @reconcileAfter, 'subscription', @ConsentAt)
                RETURNING id;
                """, new
            {
                merchantUid, accessKey = NewSecret(), status, orderName = OrderName(s, cycle), s.Amount, s.BuyerName, s.BuyerEmail,
                s.BuyerTel, s.BuyerAddr, s.BuyerPostcode, now, reconcileAfter, s.ConsentAt,
            }, transaction);
        }
        catch (Exception ex) when (db.Sql.IsUniqueViolation(ex)) // this charge (its merchant_uid) exists already
        {
            return null;
        }
        await connection.ExecuteAsync("""
            INSERT INTO order_items (order_id, product_id, name, unit_price, quantity, tax_free)
            VALUES (@orderId, @ProductId, @PlanName, @Amount, 1, 0);
            """, new { orderId, s.ProductId, s.PlanName, s.Amount }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO subscription_charges (subscription_id, cycle, attempt, order_id, merchant_uid, customer_uid, kind, charge_at, created_at)
            VALUES (@Id, @cycle, @attempt, @orderId, @merchantUid, @CustomerUid, @kind, @chargeAt, @now);
            """, new { s.Id, cycle, attempt, orderId, merchantUid, s.CustomerUid, kind, chargeAt, now }, transaction);
        await connection.ExecuteAsync("""
            INSERT INTO payment_events (order_id, merchant_uid, imp_uid, source, portone_status, status_before, status_after, detail, created_at)
            VALUES (@orderId, @merchantUid, NULL, 'subscription', NULL, NULL, @status, @detail, @now);
            """, new { orderId, merchantUid, status, detail = $"subscription {s.PublicId} cycle {cycle} attempt {attempt}: {kind} for {chargeAt}", now },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return await FindChargeAsync(merchantUid, cancellationToken);
    }

    public async Task MarkRegisteredAsync(long chargeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE subscription_charges SET registered_at = @now WHERE id = @chargeId AND registered_at IS NULL;",
            new { chargeId, now = Now });
    }

    public async Task MarkReplacedAsync(long chargeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE subscription_charges SET replaced = 1 WHERE id = @chargeId;", new { chargeId });
    }

    /// <summary>
    /// Makes the confirmed pending key the subscription's key; only the caller that still sees
    /// <paramref name="pendingCustomerUid"/> pending wins. A signed-up, declined or suspended subscription becomes active.
    /// </summary>
    public async Task<bool> UseCardAsync(long id, string pendingCustomerUid, string? cardName, string? cardNumber, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync("""
            UPDATE subscriptions SET customer_uid = pending_customer_uid, pending_customer_uid = NULL, card_name = @cardName,
                                     card_number = @cardNumber, status = 'active', status_reason = NULL, updated_at = @now
            WHERE id = @id AND pending_customer_uid = @pendingCustomerUid AND status <> 'cancelled';
            """, new { id, pendingCustomerUid, cardName, cardNumber, now }, transaction);
        if (updated == 1)
        {
            await InsertEventAsync(connection, transaction, id, "card", $"card registered: {cardName} {cardNumber} (key {pendingCustomerUid})", now);
        }
        await transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    /// <summary>A fresh unguessable key id for a card change; the old key stays in use until PortOne confirms the new one.</summary>
    public async Task<string> NewPendingCardAsync(long id, CancellationToken cancellationToken = default)
    {
        var customerUid = NewCustomerUid();
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE subscriptions SET pending_customer_uid = @customerUid, updated_at = @now WHERE id = @id AND status <> 'cancelled';",
            new { id, customerUid, now = Now });
        return customerUid;
    }

    /// <summary>Changes the state (with an event) unless it is cancelled, which is final; false when nothing changed.</summary>
    public async Task<bool> SetStatusAsync(long id, string status, string? reason, string source, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync("""
            UPDATE subscriptions SET status = @status, status_reason = @reason, updated_at = @now,
                                     cancelled_at = CASE WHEN @status = 'cancelled' THEN @now ELSE cancelled_at END,
                                     pending_customer_uid = CASE WHEN @status = 'cancelled' THEN NULL ELSE pending_customer_uid END
            WHERE id = @id AND status <> 'cancelled' AND (status <> @status OR coalesce(status_reason, '') <> coalesce(@reason, ''));
            """, new { id, status, reason, now }, transaction);
        if (updated == 1)
        {
            await InsertEventAsync(connection, transaction, id, source, reason is null ? status : $"{status}: {reason}", now);
        }
        await transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    public async Task AddEventAsync(long id, string source, string detail, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertEventAsync(connection, transaction, id, source, detail, Now);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Deterministic per (subscription, cycle, attempt), so the same charge always has the same merchant_uid. ≤ 40 characters.</summary>
    public static string MerchantUid(Subscription s, int cycle, int attempt) => $"sub-{s.PublicId}-{cycle}-{attempt}";

    private static string OrderName(Subscription s, int cycle)
    {
        var name = $"{s.PlanName} {cycle}회차";
        return name.Length <= 40 ? name : name[..40];
    }

    private static Task InsertEventAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long id, string source, string detail, long now) =>
        connection.ExecuteAsync("""
            INSERT INTO subscription_events (subscription_id, source, detail, created_at) VALUES (@id, @source, @detail, @now);
            """, new { id, source, detail, now }, transaction);

    /// <summary>A billing key id: unguessable (PortOne charges whoever holds it through our API key only, but it names a card).</summary>
    private static string NewCustomerUid() => "cuid_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    private static string NewToken(string prefix, int bytes) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');
}

public sealed record NewSubscription(long ProductId, string PlanName, long Amount, int CycleMonths, string FirstChargeDate,
    string BuyerName, string BuyerEmail, string BuyerTel, string BuyerAddr, string BuyerPostcode, string ConsentText);
