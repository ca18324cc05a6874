using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
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

// For a profiler (dotnet-trace collect -p PID): one operation alone, in a loop. "client" is
// PortOneClient.GetPaymentAsync, "notices" duplicate webhook deliveries, "floor" the honest floor's,
// "orderfloor" the floor with the order's.
var profiled = args is [("client" or "notices" or "floor" or "orderfloor") and var target, ..] ? target : null;
var profileSeconds = profiled is null ? 0 : Arg(1, 20);

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
    HonestFloor.Token = token;
    HonestFloor.Client = new HttpClient { BaseAddress = http.BaseAddress };
    // Every warm-up payment is applied first, so what follows on them is duplicates only.
    await RunAsync(warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList(), concurrency);
    await HonestFloor.CheckRoutedAsync(http, warmUp[0]);
    if (profiled is not null)
    {
        var portOne = app.Services.GetRequiredService<PortOneClient>();
        Func<Paid, Task> operation = profiled switch
        {
            "client" => p => portOne.GetPaymentAsync(p.ImpUid),
            "notices" => p => NoticeAsync(http, p),
            "orderfloor" => p => NoticeAsync(http, p, HonestFloor.WithOrderPath),
            _ => p => NoticeAsync(http, p, HonestFloor.Path),
        };
        await WarmUntilJitQuietAsync(() => RunAsync(warmUp.Select(p => (Func<Task>)(() => operation(p))).ToList(), concurrency));
        Console.WriteLine($"Running {profiled} for {profileSeconds} s in process {Environment.ProcessId}...");
        var until = Stopwatch.GetTimestamp() + profileSeconds * Stopwatch.Frequency;
        var calls = 0;
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            for (var i = worker; Stopwatch.GetTimestamp() < until; i += concurrency)
            {
                await operation(warmUp[i % warmUp.Count]);
                Interlocked.Increment(ref calls);
            }
        })));
        Console.WriteLine($"{calls / (double)profileSeconds:0} {profiled}/s, {(Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / calls:0} us of CPU each");
        return;
    }

    var client = app.Services.GetRequiredService<PortOneClient>();
    var orders = app.Services.GetRequiredService<PortOne.Checkout.Features.Orders.OrderStore>();
    // The same raw lookup through the app's PortOne HttpClient (standard resilience handler, no Flurl, no JSON).
    var resilient = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(PortOneClient));
    resilient.BaseAddress = http.BaseAddress;
    const string notice = "/api/v1/payments/notice";

    // Every path measured below runs on payments not measured until the JIT has finished with it: tiered
    // compilation takes the hot methods through several tiers in the background for tens of seconds, and a
    // path that runs more code (the sync) pays more of that than a lighter one (the floor). Measured before
    // it settles, the figures compared the JIT's progress, not the code.
    await WarmUntilJitQuietAsync(async () =>
    {
        var fresh = await PayAsync(http, checkout, mug.Id, 10);
        await RunAsync(fresh.Select(p => (Func<Task>)(() => NoticeAsync(http, p, notice))).ToList(), concurrency);
        await RunAsync((await PayAsync(http, checkout, mug.Id, 10)).Select(p => (Func<Task>)(() => NoticeAsync(http, p, HonestFloor.Path))).ToList(), concurrency);
        await RunAsync((await PayAsync(http, checkout, mug.Id, 10)).Select(p => (Func<Task>)(() => NoticeAsync(http, p, HonestFloor.WithOrderPath))).ToList(), concurrency);
        List<Func<Task>> round =
        [
            .. warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p, notice))),
            .. warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p, HonestFloor.Path))),
            .. warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p, HonestFloor.WithOrderPath))),
            .. warmUp.Select(p => (Func<Task>)(() => LookupAsync(http, token, p.ImpUid))),
            .. warmUp.Select(p => (Func<Task>)(() => LookupAsync(resilient, token, p.ImpUid))),
            .. warmUp.Select(p => (Func<Task>)(() => client.GetPaymentAsync(p.ImpUid))),
            .. warmUp.Select(p => (Func<Task>)(() => orders.FindAsync(p.MerchantUid))),
        ];
        await RunAsync(Shuffle(round), concurrency);
    });

    var lookups = Enumerable.Range(0, duplicates + 1).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => LookupAsync(http, token, p.ImpUid))).ToList();
    var floor = await RunAsync(Shuffle(lookups), concurrency);

    // The honest floor gets the same three delivery patterns as the sync, each run right beside the sync's so
    // the two see the same machine: first deliveries (pending -> paid), shuffled duplicates that change
    // nothing, and bursts. Real duplicates arrive together (PortOne's re-sends, a notice racing the browser's
    // callback): in a burst every delivery of a payment is queued back to back, so they overlap in flight.
    // Duplicates and bursts run twice each, floor-sync-sync-floor, so a drift in the machine's load falls on
    // both sides alike.
    List<Func<Task>> Firsts(string path) => paid.Select(p => (Func<Task>)(() => NoticeAsync(http, p, path))).ToList();
    List<Func<Task>> Duplicates(string path) => Shuffle(Enumerable.Range(0, duplicates).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p, path))).ToList());
    List<Func<Task>> Bursts(string path) => paid.SelectMany(p => Enumerable.Repeat(p, duplicates + 1))
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p, path))).ToList();
    // The floor with the order's work writes what it pays, so its first deliveries need payments of their own.
    var paidForWorkFloor = await PayAsync(http, checkout, mug.Id, payments);
    var honestFirsts = await RunAsync(Firsts(HonestFloor.Path), concurrency);
    var workFirsts = await RunAsync(paidForWorkFloor.Select(p => (Func<Task>)(() => NoticeAsync(http, p, HonestFloor.WithOrderPath))).ToList(), concurrency);
    var firsts = await RunAsync(Firsts(notice), concurrency);
    var honestDupes = await RunAsync(Duplicates(HonestFloor.Path), concurrency);
    var workDupes = await RunAsync(Duplicates(HonestFloor.WithOrderPath), concurrency);
    var dupes = await RunAsync(Duplicates(notice), concurrency);
    dupes = Result.Combine(dupes, await RunAsync(Duplicates(notice), concurrency));
    workDupes = Result.Combine(workDupes, await RunAsync(Duplicates(HonestFloor.WithOrderPath), concurrency));
    honestDupes = Result.Combine(honestDupes, await RunAsync(Duplicates(HonestFloor.Path), concurrency));
    var honestBursts = await RunAsync(Bursts(HonestFloor.Path), concurrency);
    var workBursts = await RunAsync(Bursts(HonestFloor.WithOrderPath), concurrency);
    var bursts = await RunAsync(Bursts(notice), concurrency);
    bursts = Result.Combine(bursts, await RunAsync(Bursts(notice), concurrency));
    workBursts = Result.Combine(workBursts, await RunAsync(Bursts(HonestFloor.WithOrderPath), concurrency));
    honestBursts = Result.Combine(honestBursts, await RunAsync(Bursts(HonestFloor.Path), concurrency));

    // The same duplicates in payment order, so that no two copies of a payment are ever in flight together:
    // what a duplicate costs without the waiting that overlapping copies do (for the lock, for the next round).
    var dupesApart = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p, notice))).ToList(), concurrency);
    var honestApart = await RunAsync(Enumerable.Range(0, 5).SelectMany(_ => paid)
        .Select(p => (Func<Task>)(() => NoticeAsync(http, p, HonestFloor.Path))).ToList(), concurrency);

    // Where a duplicate's time goes: its two parts, each on its own at the same concurrency.
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
    // What a first delivery has that a duplicate has not: the guarded write (the order's update and its event,
    // one transaction), here on orders placed for it alone, at the same concurrency.
    var pending = new List<PortOne.Checkout.Features.Orders.Order>();
    for (var i = 0; i < payments; i++)
    {
        pending.Add((await PlaceCardOrderAsync(checkout, mug.Id)).Order);
    }
    var writeOnly = await RunAsync(pending.Select(o => (Func<Task>)(() => orders.TransitionAsync(new PortOne.Checkout.Features.Orders.OrderTransition
    {
        OrderId = o.Id, MerchantUid = o.MerchantUid, From = o.Status, FromCancelledAmount = 0, To = "paid", Source = SyncSource.Webhook,
        Reason = "paid", ImpUid = $"imp_bench{o.Id:D7}", PortOneStatus = "paid", PaidAt = 1,
    }))).ToList(), concurrency);

    Console.WriteLine();
    Console.WriteLine($"{payments} payments, {duplicates} duplicate deliveries each, {concurrency} concurrent, {Environment.ProcessorCount} cores, {database.Provider}");
    Console.WriteLine($"{"",-34}{"ops",8}{"ops/s",10}{"p50 ms",9}{"p99 ms",9}{"cpu us/op",10}{"KB/op",8}");
    Print("floor: sandbox GET /payments/{id}", floor, withCpu: true);
    Print("honest floor: firsts", honestFirsts, withCpu: true);
    Print("honest floor: duplicates", honestDupes, withCpu: true);
    Print("honest floor: bursts", honestBursts, withCpu: true);
    Print("floor with the order: firsts", workFirsts, withCpu: true);
    Print("floor with the order: duplicates", workDupes, withCpu: true);
    Print("floor with the order: bursts", workBursts, withCpu: true);
    Print("sync: webhook, first deliveries", firsts, withCpu: true);
    Print("sync: webhook, duplicates", dupes, withCpu: true);
    Print("sync: webhook, bursts of a payment", bursts, withCpu: true);
    Print("honest floor: in payment order", honestApart, withCpu: true);
    Print("sync: duplicates in payment order", dupesApart, withCpu: true);
    Print("part: GET via resilient HttpClient", resilientOnly, withCpu: true);
    Print("part: PortOneClient.GetPaymentAsync", clientOnly, withCpu: true);
    Print("part: OrderStore.FindAsync", dbOnly, withCpu: true);
    Print("part: OrderStore.TransitionAsync", writeOnly, withCpu: true);
    Print("part: PaymentSync.SyncAsync", syncOnly, withCpu: true);
    Print("part: SyncAsync, one instance", syncShared, withCpu: true);
    Console.WriteLine("ratios, the sync against the bare lookup (ops/s; ceiling 0.5: a sync is a notice AND a lookup), against");
    Console.WriteLine("the honest floor (the same notice and lookup, nothing else; target >= 0.8) and against the floor with the");
    Console.WriteLine("order (the honest floor plus the order's read and, for a first delivery, its write), by ops/s and by CPU per op:");
    Console.WriteLine("                    bare   honest   honest by cpu   with order   with order by cpu");
    Ratios("first deliveries", firsts, honestFirsts, workFirsts);
    Ratios("duplicates", dupes, honestDupes, workDupes);
    Ratios("bursts", bursts, honestBursts, workBursts);
    Ratios("in order", dupesApart, honestApart, null);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"part: PortOneClient.GetPaymentAsync / raw GET via the resilient client: {clientOnly.PerSecond / resilientOnly.PerSecond:0.00} by ops/s, {resilientOnly.CpuMicrosecondsPerOp / clientOnly.CpuMicrosecondsPerOp:0.00} by cpu"));

    void Ratios(string label, Result sync, Result honest, Result? withOrder)
    {
        var line = string.Create(CultureInfo.InvariantCulture,
            $"  {label,-16}{sync.PerSecond / floor.PerSecond,6:0.00}{sync.PerSecond / honest.PerSecond,9:0.00}{honest.CpuMicrosecondsPerOp / sync.CpuMicrosecondsPerOp,16:0.00}");
        if (withOrder is not null)
        {
            line += string.Create(CultureInfo.InvariantCulture,
                $"{sync.PerSecond / withOrder.PerSecond,13:0.00}{withOrder.CpuMicrosecondsPerOp / sync.CpuMicrosecondsPerOp,20:0.00}");
        }
        Console.WriteLine(line);
    }
}
}

int Arg(int index, int fallback) =>
    args.Length > index && int.TryParse(args[index], CultureInfo.InvariantCulture, out var value) ? value : fallback;

/// <summary>One of the product, paid by card, as a shopper's checkout places it.</summary>
static Task<PlacedOrder> PlaceCardOrderAsync(CheckoutService checkout, long productId) =>
    checkout.PlaceOrderAsync([new CartLine(productId, 1)], new BuyerDetails
    {
        Name = "홍길동", Email = "hong@example.com", Tel = "010-1234-5678", Addr = "서울 성동구", Postcode = "04783",
    }, new PaymentChoice("card"), CheckoutConsent.Given);

static async Task<List<Paid>> PayAsync(HttpClient http, CheckoutService checkout, long productId, int count)
{
    var result = new List<Paid>();
    for (var i = 0; i < count; i++)
    {
        var placed = await PlaceCardOrderAsync(checkout, productId);
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

/// <summary>The app on a loopback port in Production with its sandbox, quiet, over its own database, reconciliation off.</summary>
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
        // As a merchant runs it: Development would add checks of its own (scope validation on every service
        // resolved, the developer exception page) that no shop pays for.
        builder.UseEnvironment("Production");
        builder.UseSetting("PortOne:AllowSandboxInProduction", "true");
        builder.UseSetting("Admin:PasswordHash", PublishedApp.OwnerPasswordHash.Value);
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
/// The honest floor for a webhook sync: <c>POST /bench/floor-notice</c>, an endpoint in the app's own route
/// table, so a request to it crosses every middleware the real notice endpoint's does (forwarded headers,
/// security headers, culture, status-code pages, the rate limiter with the notices policy, authentication,
/// authorization, antiforgery) and is matched by the same routing. It reads the same JSON notice and makes
/// the same one lookup (token from getToken, then GET /payments/{imp_uid}) with a plain HttpClient, and
/// nothing else: no Flurl, no resilience, no SQLite, no lock, no event, no answer body. A sync cannot be
/// cheaper than this.
/// </summary>
/// <remarks>
/// A startup filter runs before the app's pipeline is built, but its work may follow the app's: after
/// <c>next(app)</c> the routing middleware the app's pipeline starts with is registered on this builder,
/// and <c>UseEndpoints</c> maps into that same route table (the app's <c>WebApplication</c>), which the
/// matcher reads when it is first used. The EndpointMiddleware added here never runs for a matched
/// request: the app's own one executes it.
/// </remarks>
internal sealed class HonestFloor : IStartupFilter
{
    public const string Path = "/bench/floor-notice";

    /// <summary>The floor that also does the sync's unavoidable database work (<see cref="HandleWithOrderAsync"/>).</summary>
    public const string WithOrderPath = "/bench/floor-notice-with-order";

    /// <summary>Set once the server listens: the plain client talks to the same loopback sandbox.</summary>
    public static HttpClient? Client { get; set; }

    public static string Token { get; set; } = "";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        // What the real notice endpoint carries: strangers' notices are limited, forms are not checked.
        app.UseEndpoints(endpoints =>
        {
            endpoints.MapPost(Path, HandleAsync).RequireRateLimiting(RateLimits.Notices).DisableAntiforgery();
            endpoints.MapPost(WithOrderPath, HandleWithOrderAsync).RequireRateLimiting(RateLimits.Notices).DisableAntiforgery();
        });
    };

    /// <summary>Proof the floor is where the notice endpoint is: after the app's middleware (its security headers on the answer).</summary>
    public static async Task CheckRoutedAsync(HttpClient http, Paid payment)
    {
        using var response = await http.PostAsJsonAsync(Path, new { imp_uid = payment.ImpUid, merchant_uid = payment.MerchantUid, status = "paid" });
        response.EnsureSuccessStatusCode();
        if (!response.Headers.Contains("Content-Security-Policy") || !response.Headers.Contains("X-Content-Type-Options"))
        {
            throw new InvalidOperationException("The honest floor did not pass through the app's middleware.");
        }
    }

    private static async Task<IResult> HandleAsync(HttpRequest request)
    {
        var (status, _) = await LookUpAsync(request);
        return Results.StatusCode(status);
    }

    /// <summary>
    /// The honest floor plus the database work no sync can skip, done by hand: one read of the order's row
    /// (the columns the sync's decision needs) and, when PortOne's payment pays a pending order at its
    /// amount, the guarded update and its event in one transaction. Plain ADO.NET commands on the app's own
    /// connections, so the difference from the sync is what the app's code adds: Dapper, the order's lock,
    /// the rounds, the rules, the metrics, the answer.
    /// </summary>
    private static async Task<IResult> HandleWithOrderAsync(HttpRequest request, Db db)
    {
        var (status, body) = await LookUpAsync(request);
        using var answer = JsonDocument.Parse(body);
        var payment = answer.RootElement.GetProperty("response");
        var impUid = payment.GetProperty("imp_uid").GetString()!;
        var merchantUid = payment.GetProperty("merchant_uid").GetString();
        var paidAmount = payment.GetProperty("amount").GetDecimal();
        var paid = payment.GetProperty("status").GetString() == "paid";

        await using var connection = await db.OpenAsync();
        long orderId;
        string orderStatus;
        long orderAmount;
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = """
                SELECT id, status, amount, currency, imp_uid, pay_method, card_quota, card_code, cancelled_amount, created_at
                FROM orders WHERE merchant_uid = @merchantUid;
                """;
            Parameter(read, "merchantUid", merchantUid);
            await using var row = await read.ExecuteReaderAsync();
            if (!await row.ReadAsync())
            {
                return Results.NotFound();
            }
            (orderId, orderStatus, orderAmount) = (row.GetInt64(0), row.GetString(1), row.GetInt64(2));
        }
        if (!paid || orderStatus != "pending" || paidAmount != orderAmount)
        {
            return Results.StatusCode(status);
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var update = connection.CreateCommand())
        {
            update.Transaction = transaction;
            update.CommandText = """
                UPDATE orders SET status = 'paid', status_reason = 'paid', updated_at = @now, imp_uid = @impUid, paid_at = @now
                WHERE id = @orderId AND status = 'pending' AND cancelled_amount = 0;
                """;
            Parameter(update, "now", now);
            Parameter(update, "impUid", impUid);
            Parameter(update, "orderId", orderId);
            if (await update.ExecuteNonQueryAsync() != 1)
            {
                return Results.StatusCode(status);
            }
        }
        await using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = """
                INSERT INTO payment_events (order_id, merchant_uid, imp_uid, source, portone_status, status_before, status_after, detail, created_at)
                VALUES (@orderId, @merchantUid, @impUid, 'webhook', 'paid', 'pending', 'paid', 'paid', @now);
                """;
            Parameter(insert, "orderId", orderId);
            Parameter(insert, "merchantUid", merchantUid);
            Parameter(insert, "impUid", impUid);
            Parameter(insert, "now", now);
            await insert.ExecuteNonQueryAsync();
        }
        await transaction.CommitAsync();
        return Results.StatusCode(status);
    }

    private static async Task<(int Status, byte[] Body)> LookUpAsync(HttpRequest request)
    {
        var notice = await JsonSerializer.DeserializeAsync<JsonObject>(request.Body);
        var impUid = notice!["imp_uid"]!.GetValue<string>();
        using var lookup = new HttpRequestMessage(HttpMethod.Get, $"/sandbox/api/payments/{impUid}?include_sandbox=true");
        lookup.Headers.Authorization = new("Bearer", Token);
        using var response = await Client!.SendAsync(lookup);
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private static void Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
