using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.Sandbox;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// The app killed while it is syncing payments, then started again on the same database. PortOne
/// (a sandbox hosted in this test process) lives on, as the real one would.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Orders = 30;

    private readonly SandboxHost _portOne = new();
    private readonly TempDatabase _database = new();

    public Task InitializeAsync() => _portOne.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _portOne.DisposeAsync();
        _database.Dispose();
    }

    [Fact]
    public async Task Killed_mid_sync_and_restarted_no_paid_payment_is_lost_and_no_order_is_half_updated()
    {
        // The first process reconciles too, and holds the job's lease when it dies, but leaves this test's orders
        // alone: its start-up pass may run while they are being created, and a pending order it found unpaid at
        // PortOne would be put off for an hour, out of the restarted process's reach.
        var first = await ChildApp.StartAsync(Environment(reconcileOrdersOlderThan: "1.00:00:00"));
        var store = new OrderStore(_database.NewDb(), TimeProvider.System);
        var orders = new List<Order>();
        for (var i = 0; i < Orders; i++)
        {
            orders.Add(await store.CreateAsync(
                new NewOrder($"crash-{i:D2}-{Guid.NewGuid():N}"[..30], "청자 머그컵", 12_000, 0, "KRW", "card", 0, null,
                    "홍길동", "hong@example.com", "010-1234-5678", "서울", "04783"),
                [new OrderItem { ProductId = 4, Name = "청자 머그컵", UnitPrice = 12_000, Quantity = 1 }]));
        }
        var noticeUrl = new Uri(first.BaseUri, "/api/v1/payments/notice").ToString();
        var shopper = new SandboxShopper(_portOne.Http, SandboxHost.MerchantCode);

        // The first half is paid and synced normally.
        foreach (var order in orders.Take(Orders / 2))
        {
            await shopper.PayAsync(Params(order, noticeUrl));
        }
        var paidBeforeKill = await Eventually.WaitAsync(() => CountAsync(OrderStatus.Paid), n => n == Orders / 2, TimeSpan.FromSeconds(30));
        // Then PortOne stops answering (the sandbox's latency runs on its fake clock, which this test never
        // advances), so the second half's syncs are all in flight when the process dies and their webhooks,
        // sent once, are lost for good.
        await FaultsAsync(latencyMs: 60_000);
        var lookups = new List<string>();
        foreach (var order in orders.Skip(Orders / 2))
        {
            var impUid = await shopper.PayAsync(Params(order, noticeUrl));
            lookups.Add($"GET /sandbox/api/payments/{impUid}");
        }
        // Every webhook has reached the app and its sync is waiting on PortOne's answer.
        await Eventually.WaitAsync(_portOne.HeldCallsAsync, held => lookups.All(held.Contains), TimeSpan.FromSeconds(30));
        first.Kill();
        var pendingAtKill = await CountAsync(OrderStatus.Pending);
        await FaultsAsync(latencyMs: 0);

        using var second = await ChildApp.StartAsync(Environment(reconcileOrdersOlderThan: "00:00:00"));
        var paid = await Eventually.WaitAsync(() => CountAsync(OrderStatus.Paid), n => n == Orders, TimeSpan.FromSeconds(30));

        Assert.Equal((Orders / 2, Orders / 2), (paidBeforeKill, pendingAtKill));
        Assert.Equal(Orders, paid);
        await using var connection = await _database.OpenAsync();
        foreach (var order in orders)
        {
            var row = await connection.QuerySingleAsync<(string Status, string? ImpUid, long? PaidAt)>(
                "SELECT status, imp_uid, paid_at FROM orders WHERE id = @Id;", new { order.Id });
            var events = (await connection.QueryAsync<string>(
                "SELECT status_after FROM payment_events WHERE order_id = @Id ORDER BY id;", new { order.Id })).AsList();
            // Whole or not at all: the state, its details and its one event were written together.
            Assert.Equal((OrderStatus.Paid, true, true), (row.Status, row.ImpUid is not null, row.PaidAt is not null));
            Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], events);
        }
    }

    private static JsonObject Params(Order order, string noticeUrl) => new()
    {
        ["pg"] = "tosspayments", ["pay_method"] = "card", ["merchant_uid"] = order.MerchantUid, ["name"] = order.OrderName,
        ["amount"] = order.Amount, ["buyer_name"] = order.BuyerName, ["notice_url"] = noticeUrl,
    };

    private async Task FaultsAsync(int latencyMs)
    {
        using var response = await _portOne.Http.PostAsync("/sandbox/control/faults",
            JsonContent.Create(new { latency_ms = latencyMs, error_rate = 0 }));
        response.EnsureSuccessStatusCode();
    }

    private Dictionary<string, string> Environment(string reconcileOrdersOlderThan) => new(_database.EnvironmentVariables)
    {
        ["PortOne__Mode"] = "Live",
        ["PortOne__ApiBaseUrl"] = _portOne.Url("/sandbox/api"),
        ["PortOne__MerchantCode"] = SandboxHost.MerchantCode,
        ["PortOne__ApiKey"] = SandboxHost.ApiKey,
        ["PortOne__ApiSecret"] = SandboxHost.ApiSecret,
        ["PortOne__IncludeSandbox"] = "true",
        ["PortOne__AllowTestChannels"] = "true",
        // Only the start-up pass may heal within this test; the next pass is an hour away.
        ["Reconciliation__MinimumAge"] = reconcileOrdersOlderThan,
        ["Reconciliation__Interval"] = "01:00:00",
        // The killed process still holds reconciliation's lease; the restarted one takes it once it expires.
        ["Leases__Duration"] = "00:00:03",
    };

    private async Task<int> CountAsync(string status)
    {
        await using var connection = await _database.OpenAsync();
        return await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM orders WHERE status = @status;", new { status });
    }
}
