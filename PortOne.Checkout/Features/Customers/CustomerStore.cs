using System.Security.Cryptography;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Features.Customers;

/// <summary>A regular customer with a fixed virtual account. <see cref="VbankKey"/> is ours and never shown.</summary>
public sealed class Customer
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public string Email { get; init; } = "";
    public string VbankKey { get; init; } = "";
    public string VbankCode { get; init; } = "";
    public string? VbankName { get; init; }
    public string? VbankNum { get; init; }
    public long CreatedAt { get; init; }
}

/// <summary>One account issued for a customer: the order it belongs to, and whether staff closed it.</summary>
public sealed class CustomerAccount
{
    public string MerchantUid { get; init; } = "";
    public string OrderName { get; init; } = "";
    public long Amount { get; init; }
    public string Status { get; init; } = OrderStatus.Pending;
    public string? ImpUid { get; init; }
    public string? VbankNum { get; init; }
    public long? VbankDue { get; init; }
    public long? PaidAt { get; init; }
    public long CreatedAt { get; init; }
    public long? ClosedAt { get; init; }

    /// <summary>Issued and not yet paid into: the only state in which staff may close it.</summary>
    public bool IsOpen => OrderStatus.IsOpen(Status);
}

/// <summary>A customer in the list, with how their accounts stand.</summary>
public sealed class CustomerSummary
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Phone { get; init; } = "";
    public string? VbankName { get; init; }
    public string? VbankNum { get; init; }
    public long OpenAccounts { get; init; }
    public long Deposits { get; init; }
}

/// <summary>Regular customers and the accounts issued for them, in SQLite.</summary>
public sealed class CustomerStore(Db db, TimeProvider time)
{
    private const string Columns = "id, name, phone, email, vbank_key, vbank_code, vbank_name, vbank_num, created_at";

    public async Task<Customer> AddAsync(string name, string phone, string email, string vbankCode, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>("""
            INSERT INTO customers (name, phone, email, vbank_key, vbank_code, created_at)
            VALUES (@name, @phone, @email, @vbankKey, @vbankCode, @now)
            RETURNING id;
            """, new { name, phone, email, vbankKey = NewVbankKey(), vbankCode, now = time.GetUtcNow().ToUnixTimeSeconds() });
        return (await FindAsync(id, cancellationToken))!;
    }

    public async Task<Customer?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Customer>($"SELECT {Columns} FROM customers WHERE id = @id;", new { id });
    }

    public async Task<IReadOnlyList<CustomerSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CustomerSummary>("""
            SELECT c.id AS Id, c.name AS Name, c.phone AS Phone, c.vbank_name AS VbankName, c.vbank_num AS VbankNum,
                   count(CASE WHEN o.status IN ('pending', 'awaiting_deposit') THEN 1 END) AS OpenAccounts,
                   count(o.paid_at) AS Deposits
            FROM customers c
            LEFT JOIN customer_accounts a ON a.customer_id = c.id
            LEFT JOIN orders o ON o.id = a.order_id
            GROUP BY c.id
            ORDER BY c.name, c.id;
            """)).AsList();
    }

    /// <summary>Every account issued for the customer, the newest first.</summary>
    public async Task<IReadOnlyList<CustomerAccount>> AccountsAsync(long customerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<CustomerAccount>("""
            SELECT o.merchant_uid, o.order_name, o.amount, o.status, o.imp_uid, o.vbank_num, o.vbank_due, o.paid_at, o.created_at, a.closed_at
            FROM customer_accounts a JOIN orders o ON o.id = a.order_id
            WHERE a.customer_id = @customerId
            ORDER BY o.created_at DESC, o.id DESC;
            """, new { customerId })).AsList();
    }

    /// <summary>Ties a new order to the customer it was issued for.</summary>
    public async Task LinkAsync(long customerId, long orderId, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("INSERT INTO customer_accounts (order_id, customer_id) VALUES (@orderId, @customerId);", new { orderId, customerId });
    }

    /// <summary>Keeps the account number PortOne gave for the customer's key, for the customer list and page.</summary>
    public async Task KeepAccountNumberAsync(long customerId, string? vbankName, string? vbankNum, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("UPDATE customers SET vbank_name = @vbankName, vbank_num = @vbankNum WHERE id = @customerId;",
            new { customerId, vbankName, vbankNum });
    }

    public async Task MarkClosedAsync(string merchantUid, CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("""
            UPDATE customer_accounts SET closed_at = @now
            WHERE order_id = (SELECT id FROM orders WHERE merchant_uid = @merchantUid);
            """, new { merchantUid, now = time.GetUtcNow().ToUnixTimeSeconds() });
    }

    /// <summary>
    /// Names the customer to TossPayments (고유식별번호): 96 random bits in hex, so nobody can guess
    /// another customer's key, and nothing in it a gateway could choke on.
    /// </summary>
    private static string NewVbankKey() => "cust" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
}
