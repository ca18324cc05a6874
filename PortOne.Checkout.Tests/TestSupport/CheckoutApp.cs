using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// The whole app on a real loopback port, in Sandbox mode, over a database of its own (see <see cref="TempDatabase"/>): the PortOne
/// client reaches the sandbox through HTTP exactly as it would reach api.iamport.kr.
/// </summary>
public class CheckoutApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminPassword = "test-admin-password";

    private readonly TempDatabase _database = new();

    public CheckoutApp() => UseKestrel(0);

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Every log line the app wrote, at Debug and above.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>The SQLite file (tests that break the file itself run on SQLite only).</summary>
    public string DatabasePath => _database.Path;

    /// <summary>A connection to the app's database, whichever provider this run uses.</summary>
    public Task<System.Data.Common.DbConnection> OpenDatabaseAsync() => _database.OpenAsync();

    /// <summary>Extra configuration for a test class (set before the first request).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _database.Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.UseSetting("Admin:Password", AdminPassword);
        // Every test client is 127.0.0.1: tests that race hundreds of notices must not meet the
        // per-client limits (RateLimitTests sets its own small ones).
        builder.UseSetting("RateLimits:Notices:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:PaymentResults:PermitLimit", "1000000");
        builder.UseSetting("RateLimits:OrderLookups:PermitLimit", "1000000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.AddFilter<LogCapture>(null, LogLevel.Debug);
        });
    }

    public virtual Task InitializeAsync()
    {
        StartServer();
        BaseUri = ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public SandboxShopper Shopper() => new(CreateClient());

    /// <summary>Places an order through the real checkout service, as a shopper who ticked both consents: priced by the server, stored pending, prepared at PortOne.</summary>
    public Task<PlacedOrder> PlaceOrderAsync(PaymentChoice? choice = null, params (string Sku, int Quantity)[] lines) =>
        PlaceOrderAsync(choice, null, lines);

    public async Task<PlacedOrder> PlaceOrderAsync(PaymentChoice? choice, BuyerDetails? buyer, params (string Sku, int Quantity)[] lines)
    {
        var checkout = Get<CheckoutService>();
        var products = await checkout.ProductsAsync();
        var cart = lines.Select(l => new CartLine(products.Single(p => p.Sku == l.Sku).Id, l.Quantity)).ToList();
        return await checkout.PlaceOrderAsync(cart, buyer ?? Buyer(), choice ?? new PaymentChoice("card"), CheckoutConsent.Given);
    }

    public static BuyerDetails Buyer() => new()
    {
        Name = "홍길동", Email = "hong@example.com", Tel = "010-1234-5678", Addr = "서울 성동구 성수이로 20길 16", Postcode = "04783",
    };

    public Task<Order?> OrderAsync(string merchantUid) => Get<OrderStore>().FindAsync(merchantUid);

    /// <summary>A virtual-account order the shopper has paid into: issued at 004 KB국민은행, deposited, and paid by the deposit's webhook.</summary>
    public async Task<(Order Paid, string ImpUid)> DepositedVbankOrderAsync(params (string Sku, int Quantity)[] lines)
    {
        var shopper = Shopper();
        var placed = await PlaceOrderAsync(new PaymentChoice("vbank"), lines);
        var opened = await shopper.OpenAsync(placed.RequestPayParams);
        await shopper.ApproveAsync(opened.ImpUid!, vbankCode: "004");
        (await CreateClient().PostAsync($"/sandbox/control/vbanks/{opened.ImpUid}/deposit", null)).EnsureSuccessStatusCode();
        var paid = await Eventually.WaitAsync(() => OrderAsync(placed.Order.MerchantUid), o => o?.Status == OrderStatus.Paid);
        return (paid!, opened.ImpUid!);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        _database.Dispose();
        await DisposedAsync();
    }

    /// <summary>For subclasses that own more than the app (a separate PortOne host).</summary>
    protected virtual Task DisposedAsync() => Task.CompletedTask;
}
