using Dapper;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>An order written straight into the table, with the times and state a test needs.</summary>
public sealed record SeededOrder(string MerchantUid, long Amount, DateTimeOffset CreatedAt)
{
    public string Status { get; init; } = "paid";
    public string PayMethod { get; init; } = "card";
    public string BuyerName { get; init; } = "홍길동";
    public string BuyerEmail { get; init; } = "hong@example.com";
    public string BuyerTel { get; init; } = "010-1234-5678";
    public string? ImpUid { get; init; }
    public DateTimeOffset? PaidAt { get; init; }
    public string? Flag { get; init; }
    public DateTimeOffset? UpdatedAt { get; init; }

    private const string InsertSql = """
        INSERT INTO orders (merchant_uid, access_key, status, order_name, amount, pay_method, buyer_name, buyer_email,
                            buyer_tel, buyer_addr, buyer_postcode, imp_uid, flag, created_at, updated_at, paid_at)
        VALUES (@MerchantUid, 'test-access-key', @Status, '청자 머그컵', @Amount, @PayMethod, @BuyerName, @BuyerEmail,
                @BuyerTel, '서울 성동구', '04783', @ImpUid, @Flag, @Created, @Updated, @Paid)
        RETURNING id;
        """;

    public static async Task<long> InsertAsync(Db db, SeededOrder order)
    {
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(InsertSql, new
        {
            order.MerchantUid, order.Status, order.Amount, order.PayMethod, order.BuyerName, order.BuyerEmail, order.BuyerTel,
            order.ImpUid, order.Flag,
            Created = order.CreatedAt.ToUnixTimeSeconds(),
            Updated = (order.UpdatedAt ?? order.CreatedAt).ToUnixTimeSeconds(),
            Paid = order.PaidAt?.ToUnixTimeSeconds(),
        });
    }

    public static async Task InsertAllAsync(Db db, IEnumerable<SeededOrder> orders)
    {
        foreach (var order in orders)
        {
            await InsertAsync(db, order);
        }
    }
}
