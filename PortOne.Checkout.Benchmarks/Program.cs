using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using static Load;

if (args is ["orders", .. var ordersArgs])
{
    await OrderListBenchmark.RunAsync(ordersArgs);
    return;
}

// The published app's figures: dotnet publish PortOne.Checkout -c Release -o DIR first (see README.md).
switch (args)
{
    case ["pageweight", var dir]:
        await CheckoutPageBenchmark.PageWeightAsync(dir);
        return;
    case ["circuits", var dir, ..]:
        // Further arguments NAME=VALUE go to the app's environment (DOTNET_gcServer=0, ...).
        await CheckoutPageBenchmark.CircuitsAsync(dir, Arg(2, 40), args.Skip(3).Select(a => a.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]));
        return;
    case ["instances", ..]:
        // Through PortOne.Checkout.Proxy to one instance, then to two, on one database.
        await InstancesBenchmark.RunAsync(Arg(1, 200), Arg(2, 5), Arg(3, 32));
        return;
    case ["coldstart", var dir, ..]:
        // Further arguments NAME=VALUE go to the app's environment (DOTNET_TieredPGO=0, ...).
        await CheckoutPageBenchmark.ColdStartAsync(dir, Arg(2, 5), args.Skip(3).Select(a => a.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]));
        return;
}

// For a profiler (dotnet-trace collect -p PID): PortOneClient.GetPaymentAsync alone, in a loop.
var profileSeconds = args is ["client", ..] ? Arg(1, 20) : 0;

// Webhook sync throughput against its floor, the bare sandbox lookup the sync itself must make.
// Both run against the same in-process app (its sandbox under /sandbox), over loopback Kestrel.
var payments = profileSeconds > 0 ? 0 : Arg(0, 200);
var duplicates = Arg(1, 10);
var concurrency = Arg(2, 32);

// SQLite unless CHECKOUT_BENCH_DATABASE=PostgreSQL (see README.md).
using var database = new BenchDatabase();
{
await using (var app = new BenchApp(database))
{
    app.StartServer();
    var http = app.CreateClient();
    var checkout = app.Services.GetRequiredService<CheckoutService>();
    var products = await checkout.ProductsAsync();
    var mug = products.Single(p => p.Sku == "MUG-CELADON");

    Console.WriteLine($"Creating {payments} paid payments (plus warm-up)...");
    var warmUp = await PayAsync(http, checkout, mug.Id, 50);
    var paid = await PayAsync(http, checkout, mug.Id, payments);
    var token = await TokenAsync(http);
    if (profileSeconds > 0)
    {
        var profiled = app.Services.GetRequiredService<PortOneClient>();
        Console.WriteLine($"Calling GetPaymentAsync for {profileSeconds} s in process {Environment.ProcessId}...");
        var until = Stopwatch.GetTimestamp() + profileSeconds * Stopwatch.Frequency;
        var calls = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; Stopwatch.GetTimestamp() < until; i++)
            {
                await profiled.GetPaymentAsync(warmUp[i % warmUp.Count].ImpUid);
                Interlocked.Increment(ref calls);
            }
        })));
        Console.WriteLine($"{calls / (double)profileSeconds:0} calls/s");
        return;
    }
    HonestFloor.Token = token;
    HonestFloor.Client = new HttpClient { BaseAddress = http.BaseAddress };

    // Warm up both paths (JIT, pools, connections) on payments not measured.
    await RunAsync(warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList(), concurrency);
    await RunAsync(warmUp.Select(p => (Func<Task>)(() => LookupAsync(http, token, p.ImpUid))).ToList(), concurrency);

    var lookups = Enumerable.Range(0, duplicates + 1).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => LookupAsync(http, token, p.ImpUid))).ToList();
    var floor = await RunAsync(Shuffle(lookups), concurrency);
    await RunAsync(warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p, "/bench/floor-notice"))).ToList(), concurrency);
    // The honest floor gets the same three delivery patterns as the sync: firsts, shuffled duplicates, bursts.
    var honestFirsts = await RunAsync(paid.Select(p => (Func<Task>)(() => NoticeAsync(http, p, "/bench/floor-notice"))).ToList(), concurrency);
    var honestDupes = await RunAsync(Shuffle(Enumerable.Range(0, duplicates).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p, "/bench/floor-notice"))).ToList()), concurrency);
    var honestBursts = await RunAsync(paid.SelectMany(p => Enumerable.Repeat(p, duplicates + 1))
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p, "/bench/floor-notice"))).ToList(), concurrency);

    // First delivery of each payment applies pending -> paid; the rest are duplicates that change nothing.
    var firsts = await RunAsync(paid.Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList(), concurrency);
    var dupes = await RunAsync(Shuffle(Enumerable.Range(0, duplicates).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList()), concurrency);
    var all = Result.Combine(firsts, dupes);
    // Real duplicates arrive together (PortOne's re-sends, a notice racing the browser's callback):
    // here every delivery of a payment is queued back to back, so they overlap in flight.
    var bursts = await RunAsync(paid.SelectMany(p => Enumerable.Repeat(p, duplicates + 1))
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList(), concurrency);

    // Where a duplicate's time goes: its two parts, each on its own at the same concurrency.
    var client = app.Services.GetRequiredService<PortOneClient>();
    var orders = app.Services.GetRequiredService<PortOne.Checkout.Features.Orders.OrderStore>();
    // The same raw lookup through the app's PortOne HttpClient (standard resilience handler, no Flurl, no JSON).
    var resilient = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PortOneClient));
    resilient.BaseAddress = http.BaseAddress;
    var resilientOnly = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => LookupAsync(resilient, token, p.ImpUid))).ToList(), concurrency);
    var clientOnly = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid).Select(p => (Func<Task>)(() => client.GetPaymentAsync(p.ImpUid))).ToList(), concurrency);
    var syncOnly = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid).Select(p => (Func<Task>)(async () =>
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<PaymentSync>().SyncAsync(p.ImpUid, SyncSource.Webhook);
    })).ToList(), concurrency);
    var sharedSync = app.Services.GetRequiredService<PaymentSync>();
    var syncShared = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid).Select(p => (Func<Task>)(() =>
        sharedSync.SyncAsync(p.ImpUid, SyncSource.Webhook))).ToList(), concurrency);
    var dbOnly = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid).Select(p => (Func<Task>)(() => orders.FindAsync(p.MerchantUid))).ToList(), concurrency);

    Console.WriteLine();
    Console.WriteLine($"{payments} payments, {duplicates} duplicate deliveries each, {concurrency} concurrent, {Environment.ProcessorCount} cores, {database.Provider}");
    Console.WriteLine($"{"",-34}{"ops",8}{"ops/s",10}{"p50 ms",9}{"p99 ms",9}");
    Print("floor: sandbox GET /payments/{id}", floor);
    Print("honest floor: notice + 1 GET, firsts", honestFirsts);
    Print("honest floor: duplicates", honestDupes);
    Print("honest floor: bursts", honestBursts);
    Print("sync: webhook, first deliveries", firsts);
    Print("sync: webhook, duplicates", dupes);
    Print("sync: webhook, all", all);
    Print("sync: webhook, bursts of a payment", bursts);
    Print("part: GET via resilient HttpClient", resilientOnly);
    Print("part: PortOneClient.GetPaymentAsync", clientOnly);
    Print("part: OrderStore.FindAsync", dbOnly);
    Print("part: PaymentSync.SyncAsync", syncOnly);
    Print("part: SyncAsync, one instance", syncShared);
    Console.WriteLine("ratios (ops/s), sync against the bare lookup (ceiling 0.5: a sync is a notice AND a lookup)");
    Console.WriteLine($"  and against the honest floor (the same notice and lookup, nothing else; target >= 0.8):");
    Console.WriteLine($"  first deliveries: {firsts.PerSecond / floor.PerSecond,5:0.00} bare, {firsts.PerSecond / honestFirsts.PerSecond,5:0.00} honest");
    Console.WriteLine($"  duplicates:       {dupes.PerSecond / floor.PerSecond,5:0.00} bare, {dupes.PerSecond / honestDupes.PerSecond,5:0.00} honest");
    Console.WriteLine($"  bursts:           {bursts.PerSecond / floor.PerSecond,5:0.00} bare, {bursts.PerSecond / honestBursts.PerSecond,5:0.00} honest");
    Console.WriteLine($"part: PortOneClient.GetPaymentAsync / raw GET via the resilient client: {clientOnly.PerSecond / resilientOnly.PerSecond:0.00}");
}
}

int Arg(int index, int fallback) =>
    args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var value) ? value : fallback;

static async Task<List<Paid>> PayAsync(HttpClient http, CheckoutService checkout, long productId, int count)
{
    var result = new List<Paid>();
    for (var i = 0; i < count; i++)
    {
        var placed = await checkout.PlaceOrderAsync([new CartLine(productId, 1)], new BuyerDetails
        {
            Name = "홍길동", Email = "hong@example.com", Tel = "010-1234-5678", Addr = "서울 성동구", Postcode = "04783",
        }, new PaymentChoice("card"), CheckoutConsent.Given);
        var parameters = placed.RequestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url"); // the benchmark delivers the webhooks itself
        parameters.Remove("confirm_url");
        var opened = await http.PostAsJsonAsync("/sandbox/window/requests",
            new JsonObject { ["user_code"] = "imp00000000", ["mode"] = "pc", ["params"] = parameters });
        var impUid = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["imp_uid"]!.GetValue<string>();
        (await http.PostAsJsonAsync($"/sandbox/window/{impUid}/approve", new { card_code = "366" })).EnsureSuccessStatusCode();
        result.Add(new Paid(impUid, placed.Order.MerchantUid));
    }
    return result;
}

static async Task<string> TokenAsync(HttpClient http)
{
    var response = await http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });
    return (await response.Content.ReadFromJsonAsync<JsonObject>())!["response"]!["access_token"]!.GetValue<string>();
}

static async Task NoticeAsync(HttpClient http, Paid payment, string path = "/api/v1/payments/notice")
{
    using var response = await http.PostAsJsonAsync(path,
        new { imp_uid = payment.ImpUid, merchant_uid = payment.MerchantUid, status = "paid" });
    response.EnsureSuccessStatusCode();
}

static async Task LookupAsync(HttpClient http, string token, string impUid)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/api/payments/{impUid}?include_sandbox=true");
    request.Headers.Authorization = new("Bearer", token);
    using var response = await http.SendAsync(request);
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsByteArrayAsync();
}

internal sealed record Paid(string ImpUid, string MerchantUid);

/// <summary>The app on a loopback port in Sandbox mode, quiet, over its own SQLite file, reconciliation off.</summary>
internal sealed class BenchApp : WebApplicationFactory<PaymentSync>
{
    private readonly BenchDatabase _database;

    public BenchApp(BenchDatabase database)
    {
        _database = database;
        UseKestrel(0);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:Provider", _database.Provider.ToString());
        builder.UseSetting("ConnectionStrings:Checkout", _database.ConnectionString);
        builder.UseSetting("Reconciliation:Enabled", "false");
        // Every benchmark notice comes from 127.0.0.1, which the per-client webhook limit would stop.
        builder.UseSetting("RateLimits:Notices:PermitLimit", "100000000");
        // Console output would measure the terminal; the app's own appsettings keep Information otherwise.
        builder.ConfigureLogging(logging => logging.AddFilter(null, LogLevel.Warning));
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, HonestFloor>());
    }
}

/// <summary>
/// The honest floor for a webhook sync: on the same host and pipeline position as the real notice
/// endpoint, <c>POST /bench/floor-notice</c> reads the same JSON notice and makes the same one lookup
/// (token from getToken, then GET /payments/{imp_uid}) with a plain HttpClient, and nothing else: no
/// Flurl, no resilience, no SQLite, no event. A sync cannot be cheaper than this.
/// </summary>
internal sealed class HonestFloor : IStartupFilter
{
    /// <summary>Set once the server listens: the plain client talks to the same loopback sandbox.</summary>
    public static HttpClient? Client { get; set; }

    public static string Token { get; set; } = "";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            if (context.Request.Path != "/bench/floor-notice")
            {
                await nextMiddleware(context);
                return;
            }

            var notice = await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body);
            var impUid = notice!["imp_uid"]!.GetValue<string>();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/api/payments/{impUid}?include_sandbox=true");
            request.Headers.Authorization = new("Bearer", Token);
            using var response = await Client!.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)response.StatusCode;
        });
        next(app);
    };
}
