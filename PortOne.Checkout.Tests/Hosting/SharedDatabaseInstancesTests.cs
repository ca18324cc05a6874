using System.Net;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.Sandbox;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>
/// Two app hosts on one database and one PortOne (a sandbox hosted apart from both), as two instances
/// behind a load balancer would run. Their background loops are off: each test drives what it needs.
/// </summary>
public sealed class SharedDatabaseInstancesTests(SharedDatabaseInstancesTests.Instances instances)
    : IClassFixture<SharedDatabaseInstancesTests.Instances>
{
    private readonly InstanceApp _a = instances.A;
    private readonly InstanceApp _b = instances.B;

    public sealed class Instances : IAsyncLifetime
    {
        private readonly TempDatabase _database = new();

        public SandboxHost PortOne { get; } = new();

        public InstanceApp A { get; private set; } = null!;

        public InstanceApp B { get; private set; } = null!;

        public Task<System.Data.Common.DbConnection> OpenDatabaseAsync() => _database.OpenAsync();

        public async Task InitializeAsync()
        {
            await PortOne.InitializeAsync();
            A = new InstanceApp(_database.ConnectionString, PortOne);
            B = new InstanceApp(_database.ConnectionString, PortOne);
            // One after the other, as a deployment starts them: the first creates the schema and the first key.
            await A.InitializeAsync();
            await B.InitializeAsync();
            PortOne.AllowAppOrigin(A.BaseUri);
            PortOne.AllowAppOrigin(B.BaseUri);
        }

        public async Task DisposeAsync()
        {
            await ((IAsyncLifetime)A).DisposeAsync();
            await ((IAsyncLifetime)B).DisposeAsync();
            await PortOne.DisposeAsync();
            _database.Dispose();
        }
    }

    /// <summary>The app in Live mode against the shared sandbox, over the shared database.</summary>
    public sealed class InstanceApp(string connectionString, SandboxHost portOne) : CheckoutApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["ConnectionStrings:Checkout"] = connectionString,
            ["PortOne:Mode"] = "Live",
            ["PortOne:ApiBaseUrl"] = portOne.Url("/sandbox/api"),
            ["PortOne:SdkUrl"] = portOne.Url("/sandbox/v1/iamport.js"),
            ["PortOne:MerchantCode"] = SandboxHost.MerchantCode,
            ["PortOne:ApiKey"] = SandboxHost.ApiKey,
            ["PortOne:ApiSecret"] = SandboxHost.ApiSecret,
            ["PortOne:IncludeSandbox"] = "true",
            ["PortOne:AllowTestChannels"] = "true",
            ["Reconciliation:Enabled"] = "false",
            ["Reconciliation:MinimumAge"] = "00:00:00",
            ["Subscriptions:UpkeepEnabled"] = "false",
            ["Admin:SignInLimits:Attempts"] = "1000",
            ["Admin:SignInLimits:LongAttempts"] = "1000",
        };
    }

    [Fact]
    public async Task Both_instances_reconciling_at_the_same_moment_settle_every_order_once()
    {
        const int count = 12;
        var shopper = new SandboxShopper(instances.PortOne.Http, SandboxHost.MerchantCode);
        var orders = new List<Order>();
        for (var i = 0; i < count; i++)
        {
            var placed = await _a.PlaceOrderAsync(null, ("MUG-CELADON", 1));
            var parameters = placed.RequestPayParams.DeepClone().AsObject();
            // No webhook and no return: only reconciliation can learn of these payments.
            parameters.Remove("notice_url");
            parameters.Remove("confirm_url");
            await shopper.PayAsync(parameters);
            orders.Add(placed.Order);
        }

        // The lease keeps this from happening; if two passes do meet, the guarded transition still lets one apply.
        var reports = await Task.WhenAll(_a.Get<Reconciliation>().RunOnceAsync(), _b.Get<Reconciliation>().RunOnceAsync());

        Assert.Equal(count, reports.Sum(r => r.Applied));
        await using var connection = await instances.OpenDatabaseAsync();
        foreach (var order in orders)
        {
            var events = (await connection.QueryAsync<string>(
                "SELECT status_after FROM payment_events WHERE order_id = @Id ORDER BY id;", new { order.Id })).AsList();
            Assert.Equal([OrderStatus.Pending, OrderStatus.Paid], events);
        }
    }

    [Fact]
    public async Task A_staff_member_signed_in_through_one_instance_is_signed_in_on_the_other()
    {
        using var throughA = await new StaffClient(_a.BaseUri).SignedInAsync("admin", CheckoutApp.AdminPassword);
        using var throughB = new StaffClient(_b.BaseUri);
        throughB.Cookies.Add(_b.BaseUri, throughA.Cookies.GetCookies(_a.BaseUri));

        using var page = await throughB.Http.GetAsync("/admin/orders");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task A_form_token_issued_by_one_instance_is_accepted_by_the_other()
    {
        using var throughA = await new StaffClient(_a.BaseUri).SignedInAsync("admin", CheckoutApp.AdminPassword);
        var token = await throughA.TokenAsync("/admin/orders");
        using var throughB = new StaffClient(_b.BaseUri);
        throughB.Cookies.Add(_b.BaseUri, throughA.Cookies.GetCookies(_a.BaseUri));

        // Signing out is a form post that checks the antiforgery token: a refused token answers 400.
        using var signOut = await throughB.PostAsync("/admin/logout", new() { ["__RequestVerificationToken"] = token });

        Assert.Equal((HttpStatusCode.Redirect, "/admin/login"), (signOut.StatusCode, signOut.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task The_key_ring_lives_in_the_shared_database_not_in_one_machine_s_folder()
    {
        await using var connection = await instances.OpenDatabaseAsync();
        var keys = (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys;")).AsList();

        // The first instance made the one key at start; the second read it instead of making its own.
        var key = Assert.Single(keys);
        Assert.StartsWith("<key id=", key, StringComparison.Ordinal);
    }
}
