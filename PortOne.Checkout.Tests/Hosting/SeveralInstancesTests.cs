using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>
/// The production shape as real processes: the built app twice (instances A and B) on one database,
/// one PortOne (the standalone sandbox host), and the YARP proxy (PortOne.Checkout.Proxy) in front,
/// its own appsettings with only the addresses replaced. A third instance, C, shares the database but
/// not the proxy: it is the one killed in the middle of its syncs. Each instance has a home folder of
/// its own, as on separate machines, so nothing is shared that the database does not share.
/// The database is the run's provider (<see cref="TempDatabase"/>): a SQLite file in WAL mode shared by
/// the processes of one machine, and PostgreSQL in <c>test.sh</c>'s second run, as several machines would.
/// </summary>
public sealed class SeveralInstancesTests(SeveralInstancesTests.Cluster cluster) : IClassFixture<SeveralInstancesTests.Cluster>
{
    private const string ApiKey = "sandbox_api_key";
    private const string ApiSecret = "sandbox_api_secret_not_a_secret";
    private const string MerchantCode = "imp00000000";

    public sealed class Cluster : IAsyncLifetime
    {
        private readonly TempDatabase _database = new();
        private readonly List<ChildApp> _processes = [];
        private readonly List<string> _homes = [];

        public ChildApp PortOne { get; private set; } = null!;

        public ChildApp A { get; private set; } = null!;

        public ChildApp B { get; private set; } = null!;

        public ChildApp C { get; private set; } = null!;

        public Uri Proxy { get; private set; } = null!;

        public Db NewDb() => _database.NewDb();

        public async Task InitializeAsync()
        {
            Proxy = new Uri($"http://127.0.0.1:{FreePort()}/");
            PortOne = Track(await ChildApp.StartAsync(new Dictionary<string, string>
            {
                ["PortOne__Sandbox__AppOrigins__0"] = Proxy.GetLeftPart(UriPartial.Authority),
            }, "PortOne.Sandbox.Host"));
            // The first instance migrates the database and makes the first data protection key; the others find both.
            A = Track(await ChildApp.StartAsync(Instance("a")));
            var others = await Task.WhenAll(ChildApp.StartAsync(Instance("b")), ChildApp.StartAsync(Instance("c")));
            (B, C) = (Track(others[0]), Track(others[1]));
            Track(await ChildApp.StartAsync(new Dictionary<string, string>
            {
                ["Kestrel__Endpoints__Http__Url"] = Proxy.GetLeftPart(UriPartial.Authority),
                ["ReverseProxy__Clusters__checkout__Destinations__instance-a__Address"] = A.BaseUri.ToString(),
                ["ReverseProxy__Clusters__checkout__Destinations__instance-b__Address"] = B.BaseUri.ToString(),
                // Quicker than the shipped 5 s, so a test does not wait for the first probes.
                ["ReverseProxy__Clusters__checkout__HealthCheck__Active__Interval"] = "00:00:01",
            }, "PortOne.Checkout.Proxy"));
            // Both instances in rotation: the proxy's first probes have found them ready.
            await Eventually.WaitAsync(ReachedThroughProxyAsync, reached => reached.Count == 2, TimeSpan.FromSeconds(20));
        }

        public Task DisposeAsync()
        {
            foreach (var process in _processes)
            {
                process.Dispose();
            }
            _database.Dispose();
            foreach (var home in _homes)
            {
                Directory.Delete(home, recursive: true);
            }
            return Task.CompletedTask;
        }

        /// <summary>Opens the shared database; the one place to change for another provider.</summary>
        public Task<System.Data.Common.DbConnection> OpenDatabaseAsync() => _database.OpenAsync();

        /// <summary>Which instances a handful of fresh visitors (no affinity cookie) reach through the proxy.</summary>
        private async Task<HashSet<string>> ReachedThroughProxyAsync()
        {
            var reached = new HashSet<string>();
            for (var i = 0; i < 6; i++)
            {
                using var http = new HttpClient { BaseAddress = Proxy };
                using var response = await http.GetAsync("/healthz/ready");
                if (response.StatusCode == HttpStatusCode.OK
                    && response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.FirstOrDefault(c => c.StartsWith("checkout-instance=", StringComparison.Ordinal)) is { } affinity)
                {
                    reached.Add(affinity.Split(';')[0]);
                }
            }
            return reached;
        }

        private Dictionary<string, string> Instance(string name)
        {
            var home = Directory.CreateTempSubdirectory($"checkout-instance-{name}-").FullName;
            lock (_homes)
            {
                _homes.Add(home);
            }
            var portOne = PortOne.BaseUri.GetLeftPart(UriPartial.Authority);
            return new Dictionary<string, string>(_database.EnvironmentVariables)
            {
                ["HOME"] = home,
                ["PortOne__Mode"] = "Live",
                ["PortOne__ApiBaseUrl"] = portOne + "/sandbox/api",
                ["PortOne__SdkUrl"] = portOne + "/sandbox/v1/iamport.js",
                ["PortOne__MerchantCode"] = MerchantCode,
                ["PortOne__ApiKey"] = ApiKey,
                ["PortOne__ApiSecret"] = ApiSecret,
                ["PortOne__IncludeSandbox"] = "true",
                ["PortOne__AllowTestChannels"] = "true",
                ["Checkout__PublicBaseUrl"] = Proxy.ToString(),
                ["ReverseProxy__KnownProxies__0"] = "127.0.0.1",
                ["Admin__Password"] = CheckoutApp.AdminPassword,
                // Every delivery here comes from 127.0.0.1.
                ["RateLimits__Notices__PermitLimit"] = "1000000",
                ["RateLimits__PaymentResults__PermitLimit"] = "1000000",
                // Reconciliation looks, every second, at orders left alone for a few seconds (longer than the
                // killed instance's last moments), on whichever instance holds its lease.
                ["Reconciliation__Interval"] = "00:00:01",
                ["Reconciliation__MinimumAge"] = "00:00:05",
                ["Leases__Duration"] = "00:00:03",
                ["Logging__LogLevel__Default"] = "Warning",
                ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            };
        }

        private ChildApp Track(ChildApp process)
        {
            _processes.Add(process);
            return process;
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    [Fact]
    public async Task Two_hundred_webhooks_split_across_both_instances_with_the_redirects_make_one_transition_and_one_event_per_order()
    {
        const int count = 40;
        var orders = await CreateOrdersAsync("split", count);
        using var portOne = new HttpClient { BaseAddress = cluster.PortOne.BaseUri };
        var shopper = new SandboxShopper(portOne, MerchantCode);
        var noticeUrl = new Uri(cluster.Proxy, "/api/v1/payments/notice").ToString();
        var paid = new List<(Order Order, string ImpUid)>();
        foreach (var order in orders)
        {
            // PortOne sends each payment's webhook through the proxy as soon as it is paid: the first delivery.
            paid.Add((order, await shopper.PayAsync(Params(order, noticeUrl))));
        }
        using var proxy = new HttpClient { BaseAddress = cluster.Proxy };
        using var a = new HttpClient { BaseAddress = cluster.A.BaseUri };
        using var b = new HttpClient { BaseAddress = cluster.B.BaseUri };

        // Four more deliveries of each payment (two through the proxy, one straight to each instance) and the
        // shopper's redirect through the proxy, all at once: with PortOne's own, five webhooks per order.
        var roads = paid.SelectMany(p => new Func<Task<HttpStatusCode>>[]
        {
            () => NoticeAsync(proxy, p.ImpUid, p.Order.MerchantUid),
            () => NoticeAsync(proxy, p.ImpUid, p.Order.MerchantUid),
            () => NoticeAsync(a, p.ImpUid, p.Order.MerchantUid),
            () => NoticeAsync(b, p.ImpUid, p.Order.MerchantUid),
            () => RedirectAsync(proxy, p.Order, p.ImpUid),
        }).ToList();
        var answers = await Task.WhenAll(roads.Select(road => Task.Run(road)));

        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer));
        await AssertPaidOnceAsync(orders);
    }

    [Fact]
    public async Task An_instance_killed_mid_sync_leaves_every_order_to_the_others_and_reconciliation_settled_once()
    {
        const int count = 20;
        var orders = await CreateOrdersAsync("kill", count);
        using var portOne = new HttpClient { BaseAddress = cluster.PortOne.BaseUri };
        var shopper = new SandboxShopper(portOne, MerchantCode);
        // PortOne answers slowly, so C's syncs are all waiting on it when C dies; their webhooks, sent to C
        // once, are lost with it.
        await FaultsAsync(portOne, latencyMs: 30_000);
        var noticeUrl = new Uri(cluster.C.BaseUri, "/api/v1/payments/notice").ToString();
        foreach (var order in orders)
        {
            await shopper.PayAsync(Params(order, noticeUrl));
        }
        // Let the webhooks reach C and its syncs start waiting on PortOne.
        await Task.Delay(1000);
        cluster.C.Kill();
        var pendingAtKill = await CountAsync(orders, OrderStatus.Pending);
        await FaultsAsync(portOne, latencyMs: 0);

        // Nobody delivers anything again: reconciliation, on A or B, is the only road left.
        await Eventually.WaitAsync(() => CountAsync(orders, OrderStatus.Paid), paidCount => paidCount == count, TimeSpan.FromSeconds(40));

        Assert.Equal(count, pendingAtKill);
        await AssertPaidOnceAsync(orders);
    }

    [Fact]
    public async Task A_staff_member_signed_in_through_the_proxy_is_signed_in_on_both_instances()
    {
        using var staff = await new StaffClient(cluster.Proxy).SignedInAsync("admin", CheckoutApp.AdminPassword);
        var cookies = staff.Cookies.GetCookies(cluster.Proxy);

        foreach (var instance in new[] { cluster.A, cluster.B })
        {
            using var direct = new StaffClient(instance.BaseUri);
            direct.Cookies.Add(instance.BaseUri, cookies);
            using var page = await direct.Http.GetAsync("/admin/orders");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
    }

    private async Task<List<Order>> CreateOrdersAsync(string prefix, int count)
    {
        var store = new OrderStore(cluster.NewDb(), TimeProvider.System);
        var orders = new List<Order>();
        for (var i = 0; i < count; i++)
        {
            orders.Add(await store.CreateAsync(
                new NewOrder($"{prefix}-{i:D2}-{Guid.NewGuid():N}"[..30], "청자 머그컵", 12_000, 0, "KRW", "card", 0, null,
                    "홍길동", "hong@example.com", "010-1234-5678", "서울", "04783"),
                [new OrderItem { ProductId = 4, Name = "청자 머그컵", UnitPrice = 12_000, Quantity = 1 }]));
        }
        return orders;
    }

    private JsonObject Params(Order order, string noticeUrl) => new()
    {
        ["pg"] = "tosspayments", ["pay_method"] = "card", ["merchant_uid"] = order.MerchantUid, ["name"] = order.OrderName,
        ["amount"] = order.Amount, ["buyer_name"] = order.BuyerName, ["notice_url"] = noticeUrl,
        ["m_redirect_url"] = new Uri(cluster.Proxy, $"/payments/result?key={Uri.EscapeDataString(order.AccessKey)}").ToString(),
    };

    private static async Task<HttpStatusCode> NoticeAsync(HttpClient http, string impUid, string merchantUid)
    {
        using var response = await Notices.PostJsonAsync(http, impUid, merchantUid, "paid");
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> RedirectAsync(HttpClient http, Order order, string impUid)
    {
        using var response = await http.GetAsync(
            $"/payments/result?key={Uri.EscapeDataString(order.AccessKey)}&imp_uid={impUid}&merchant_uid={order.MerchantUid}");
        return response.StatusCode;
    }

    private static async Task FaultsAsync(HttpClient portOne, int latencyMs)
    {
        using var response = await portOne.PostAsync("/sandbox/control/faults", JsonContent.Create(new { latency_ms = latencyMs, error_rate = 0 }));
        response.EnsureSuccessStatusCode();
    }

    private async Task<int> CountAsync(IEnumerable<Order> orders, string status)
    {
        var db = cluster.NewDb();
        await using var connection = await db.OpenAsync();
        return await connection.ExecuteScalarAsync<int>($"SELECT count(*) FROM orders WHERE {db.Sql.InList("id", "@ids")} AND status = @status;",
            new { ids = orders.Select(o => o.Id).ToArray(), status });
    }

    /// <summary>Each order paid, with exactly one event for it: pending (its creation), then paid.</summary>
    private async Task AssertPaidOnceAsync(IEnumerable<Order> orders)
    {
        await using var connection = await cluster.OpenDatabaseAsync();
        foreach (var order in orders)
        {
            var status = await connection.ExecuteScalarAsync<string>("SELECT status FROM orders WHERE id = @Id;", new { order.Id });
            var events = (await connection.QueryAsync<string>(
                "SELECT status_after FROM payment_events WHERE order_id = @Id ORDER BY id;", new { order.Id })).AsList();
            Assert.Equal(OrderStatus.Paid, status);
            Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], events);
        }
    }
}
