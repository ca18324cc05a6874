using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Resources;

/// <summary>
/// The back office over a million orders: seeds a throwaway SQLite file (migrated like the app's), then
/// times the orders list's pages, filters, searches and totals, the CSV export and the dashboard, all
/// through the app's own query code. Also times the old OFFSET page for comparison.
/// </summary>
internal static class OrderListBenchmark
{
    private static readonly string[] Surnames = ["김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍"];
    private static readonly string[] GivenNames =
    [
        "민준", "서연", "도윤", "서윤", "시우", "지우", "하준", "하윤", "주원", "지유", "지호", "채원", "지후", "수아", "준서", "지아",
        "준우", "은서", "현우", "다은", "도현", "예은", "건우", "수빈", "우진", "소율", "선우", "예린", "서진", "하은", "민재", "윤서",
        "현준", "민서", "연우", "지민", "유준", "채은", "정우", "가은",
    ];

    // Weighted like a Korean shop's month: mostly cards and easy pays, some failures and abandoned windows.
    private static readonly (string Value, int Weight)[] Methods =
        [("card", 55), ("kakaopay", 12), ("naverpay", 10), ("tosspay", 8), ("trans", 5), ("vbank", 5), ("phone", 3), ("payco", 2)];
    private static readonly (string Value, int Weight)[] Statuses =
        [("paid", 720), ("refunded", 40), ("partially_refunded", 20), ("pending", 50), ("awaiting_deposit", 30), ("failed", 90), ("expired", 45), ("rejected", 5)];
    private static readonly long[] Prices = [109_000, 29_000, 18_000, 12_000, 54_000];

    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 && int.TryParse(args[0], CultureInfo.InvariantCulture, out var n) ? n : 1_000_000;
        var path = Path.Combine(Path.GetTempPath(), $"checkout-orders-bench-{Guid.NewGuid():N}.db");
        try
        {
            var db = new Db(DatabaseProvider.Sqlite, $"Data Source={path}");
            await new Migrator(db, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync();
            var now = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var probes = await SeedAsync(db, count, now);
            Console.WriteLine($"Seeded {count:N0} orders in {clock.Elapsed.TotalSeconds:0.0} s ({new FileInfo(path).Length / 1_048_576.0:0} MB), {Environment.ProcessorCount} cores");
            await MeasureAsync(db, count, probes);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(path + suffix);
            }
        }
    }

    private static async Task MeasureAsync(Db db, int count, Probes probes)
    {
        var search = new OrderSearch(db, TimeProvider.System);
        var store = new OrderStore(db, TimeProvider.System);
        const int size = OrderSearch.PageSize;
        var deepOffset = Math.Max(0, count - size);

        // The cursor of a page far in: the row just before it, found once (untimed) by OFFSET.
        async Task<OrderCursor> CursorAtAsync(OrderFilter filter, int position)
        {
            var row = (await store.ListAsync(1, position)).Single();
            return OrderSearch.CursorAfter(new OrderRow { Id = row.Id, CreatedAt = row.CreatedAt, Amount = row.Amount }, filter.Sort);
        }
        // The same for a filtered list of paid card orders: the row at that fraction of it.
        async Task<OrderCursor> FilteredCursorAsync(OrderFilter filter, double fraction)
        {
            var target = (long)((await search.TotalsAsync(filter)).Count * fraction);
            var key = filter.Sort is OrderSort.Largest ? "amount" : "created_at";
            await using var connection = await db.OpenAsync();
            var (value, id) = await connection.QuerySingleAsync<(long, long)>(
                $"SELECT {key}, id FROM orders WHERE status = @Status AND pay_method = @PayMethod ORDER BY {key} DESC, id DESC LIMIT 1 OFFSET @target;",
                new { filter.Status, filter.PayMethod, target });
            return new OrderCursor(value, id, Backward: false);
        }

        var newest = new OrderFilter();
        var paidCards = new OrderFilter { Status = "paid", PayMethod = "card" };
        var lastMonth = new OrderFilter { From = KoreanTime.DateOf(DateTimeOffset.UtcNow.AddDays(-60)), To = KoreanTime.DateOf(DateTimeOffset.UtcNow.AddDays(-30)) };
        var largestPaidCards = paidCards with { Sort = OrderSort.Largest };
        var deep = await CursorAtAsync(newest, deepOffset - 1);
        var filteredDeep = await FilteredCursorAsync(paidCards, 0.95);
        var largestDeep = await FilteredCursorAsync(largestPaidCards, 0.95);
        var dateDeepRows = (await search.TotalsAsync(lastMonth)).Count;

        Console.WriteLine();
        Console.WriteLine($"{"",-52}{"rows",6}{"median ms",11}{"max ms",9}");
        await TimeAsync("before: OFFSET page 10,000 (ListAsync)", () => store.ListAsync(size, Math.Min(deepOffset, 9_999 * size)), r => r.Count);
        await TimeAsync($"before: OFFSET page {deepOffset / size + 1:N0} (ListAsync)", () => store.ListAsync(size, deepOffset), r => r.Count);
        await TimeAsync("first page, newest", () => search.PageAsync(newest, null), r => r.Rows.Count);
        await TimeAsync($"deep page (cursor at row {deepOffset:N0})", () => search.PageAsync(newest, deep), r => r.Rows.Count);
        await TimeAsync("filtered first page: paid + card", () => search.PageAsync(paidCards, null), r => r.Rows.Count);
        await TimeAsync("filtered deep page: paid + card, 95% in", () => search.PageAsync(paidCards, filteredDeep), r => r.Rows.Count);
        await TimeAsync("filtered deep page, by amount: paid + card, 95% in", () => search.PageAsync(largestPaidCards, largestDeep), r => r.Rows.Count);
        await TimeAsync($"date range 60-30 days ago ({dateDeepRows:N0} orders), first page", () => search.PageAsync(lastMonth, null), r => r.Rows.Count);
        await TimeAsync("flagged only", () => search.PageAsync(new OrderFilter { Flagged = true }, null), r => r.Rows.Count);
        await TimeAsync("stuck in confirming", () => search.PageAsync(new OrderFilter { Stuck = true }, null), r => r.Rows.Count);
        await TimeAsync("search: merchant_uid", () => search.PageAsync(new OrderFilter { Search = probes.MerchantUid }, null), r => r.Rows.Count);
        await TimeAsync("search: imp_uid", () => search.PageAsync(new OrderFilter { Search = probes.ImpUid }, null), r => r.Rows.Count);
        await TimeAsync("search: email (other case)", () => search.PageAsync(new OrderFilter { Search = probes.Email.ToUpperInvariant() }, null), r => r.Rows.Count);
        await TimeAsync("search: phone with hyphens", () => search.PageAsync(new OrderFilter { Search = probes.PhoneWithHyphens }, null), r => r.Rows.Count);
        await TimeAsync("search: phone digits only", () => search.PageAsync(new OrderFilter { Search = probes.PhoneDigits }, null), r => r.Rows.Count);
        var nameTotal = (await search.TotalsAsync(new OrderFilter { Search = probes.Name })).Count;
        await TimeAsync($"search: buyer name ({nameTotal:N0} orders), first page", () => search.PageAsync(new OrderFilter { Search = probes.Name }, null), r => r.Rows.Count);
        await TimeAsync("totals: everything (count + sum)", () => search.TotalsAsync(newest), r => (int)r.Count);
        await TimeAsync("totals: paid + card", () => search.TotalsAsync(paidCards), r => (int)r.Count);
        await TimeAsync("totals: date range 60-30 days ago", () => search.TotalsAsync(lastMonth), r => (int)r.Count);
        await TimeAsync("dashboard (3 periods, 30 days, problems)", () => new SalesDashboard(db, TimeProvider.System).LoadAsync(), _ => 0);

        // The export: every order through the same writer as the endpoint, to a stream that keeps nothing.
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0;
        using var sampler = new Timer(_ => peak = Math.Max(peak, GC.GetTotalMemory(false)), null, 0, 20);
        var clock = Stopwatch.StartNew();
        var rows = await OrderExport.WriteCsvAsync(Stream.Null, search.StreamAsync(newest), OrderExport.Columns);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"export: {rows:N0} rows to CSV in {clock.Elapsed.TotalSeconds:0.0} s, managed heap {before / 1_048_576.0:0} MB before, peak {peak / 1_048_576.0:0} MB during"));
    }

    private static async Task TimeAsync<T>(string label, Func<Task<T>> query, Func<T, int> rows)
    {
        var result = await query(); // warm up (statement cache, pages in the OS cache)
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var started = Stopwatch.GetTimestamp();
            result = await query();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-52}{rows(result),6}{times[times.Count / 2],11:0.00}{times[^1],9:0.00}"));
    }

    private sealed record Probes(string MerchantUid, string ImpUid, string Email, string PhoneWithHyphens, string PhoneDigits, string Name);

    /// <summary>One transaction, one prepared statement: a year of orders, oldest first, as a shop would have written them.</summary>
    private static async Task<Probes> SeedAsync(Db db, int count, DateTimeOffset now)
    {
        var random = new Random(20261202);
        // This benchmark measures SQLite's plans; the seed writes through SQLite's own prepared commands.
        await using var connection = (SqliteConnection)await db.OpenAsync();
        await connection.ExecuteAsync("PRAGMA cache_size = -262144;");
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO orders (merchant_uid, access_key, status, order_name, amount, pay_method, buyer_name, buyer_email, buyer_tel,
                                buyer_addr, buyer_postcode, imp_uid, cancelled_amount, flag, created_at, updated_at, paid_at)
            VALUES ($merchant_uid, 'bench', $status, $order_name, $amount, $pay_method, $buyer_name, $buyer_email, $buyer_tel,
                    '서울 성동구 성수이로 20길 16', '04783', $imp_uid, $cancelled_amount, $flag, $created_at, $updated_at, $paid_at);
            """;
        var p = new Dictionary<string, SqliteParameter>();
        foreach (var name in new[] { "merchant_uid", "status", "order_name", "amount", "pay_method", "buyer_name", "buyer_email", "buyer_tel", "imp_uid", "cancelled_amount", "flag", "created_at", "updated_at", "paid_at" })
        {
            p[name] = insert.Parameters.Add(new SqliteParameter("$" + name, null));
        }
        await insert.PrepareAsync();
        await using var refund = connection.CreateCommand();
        refund.Transaction = transaction;
        refund.CommandText = "INSERT INTO order_refunds (order_id, amount, refunded_at) VALUES (last_insert_rowid(), $amount, $at);";
        var refundAmount = refund.Parameters.Add(new SqliteParameter("$amount", null));
        var refundAt = refund.Parameters.Add(new SqliteParameter("$at", null));
        await refund.PrepareAsync();

        var start = now.AddDays(-365).ToUnixTimeSeconds();
        var span = now.ToUnixTimeSeconds() - start;
        Probes? probes = null;
        for (var i = 0; i < count; i++)
        {
            var createdAt = start + (long)((double)i / count * span) + random.Next(0, 30);
            var status = Pick(random, Statuses);
            var method = status == "awaiting_deposit" ? "vbank" : Pick(random, Methods);
            var quantity = random.Next(1, 4);
            var amount = Prices[random.Next(Prices.Length)] * quantity + (random.Next(4) == 0 ? 3_000 : 0);
            var name = Surnames[random.Next(Surnames.Length)] + GivenNames[random.Next(GivenNames.Length)];
            var phone = $"010-{random.Next(2000, 9999)}-{random.Next(0, 9999):0000}";
            var tookMoney = status is "paid" or "refunded" or "partially_refunded" or "rejected";
            var cancelled = status switch { "refunded" or "rejected" => amount, "partially_refunded" => amount / 2, _ => 0 };
            var merchantUid = $"ORD-{DateTimeOffset.FromUnixTimeSeconds(createdAt):yyyyMMdd}-{i:0000000}";
            var impUid = tookMoney || status == "awaiting_deposit" ? $"imp_{100_000_000_000 + i}" : null;
            var email = $"buyer{random.Next(0, 400_000)}@example.com";
            p["merchant_uid"].Value = merchantUid;
            p["status"].Value = status;
            p["order_name"].Value = quantity == 1 ? "청자 머그컵" : $"청자 머그컵 외 {quantity - 1}건";
            p["amount"].Value = amount;
            p["pay_method"].Value = method;
            p["buyer_name"].Value = name;
            p["buyer_email"].Value = email;
            // Half the shoppers typed hyphens, half did not: search must find both either way.
            p["buyer_tel"].Value = i % 2 == 0 ? phone : phone.Replace("-", "", StringComparison.Ordinal);
            p["imp_uid"].Value = (object?)impUid ?? DBNull.Value;
            p["cancelled_amount"].Value = cancelled;
            p["flag"].Value = random.Next(2_000) == 0 ? "amount mismatch" : DBNull.Value;
            p["created_at"].Value = createdAt;
            p["updated_at"].Value = createdAt + 60;
            p["paid_at"].Value = tookMoney ? createdAt + random.Next(20, 300) : DBNull.Value;
            await insert.ExecuteNonQueryAsync();
            if (status is "refunded" or "partially_refunded")
            {
                refundAmount.Value = cancelled;
                refundAt.Value = createdAt + random.Next(3_600, 14 * 86_400);
                await refund.ExecuteNonQueryAsync();
            }
            if (probes is null && i >= count / 3 && impUid is not null)
            {
                probes = new Probes(merchantUid, impUid ?? "imp_none", email, phone, phone.Replace("-", "", StringComparison.Ordinal), name);
            }
        }
        await transaction.CommitAsync();
        return probes ?? throw new InvalidOperationException("no probe row");
    }

    private static string Pick(Random random, (string Value, int Weight)[] weighted)
    {
        var roll = random.Next(weighted.Sum(w => w.Weight));
        foreach (var (value, weight) in weighted)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }
        return weighted[^1].Value;
    }
}
