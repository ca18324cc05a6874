using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Orders;
using static Load;

/// <summary>
/// Webhook sync throughput through the proxy (PortOne.Checkout.Proxy) with one app instance behind it
/// and with two, every process started from its build output as an operator would run it: the
/// standalone sandbox host as PortOne, the app in Live mode against it, one shared SQLite file (WAL).
/// Each run gets a fresh database and fresh payments; reconciliation is off, so only the webhooks
/// count. With one instance the proxy's two destinations both name it, so the proxy does the same work.
/// </summary>
internal static partial class InstancesBenchmark
{
    private const string MerchantCode = "imp00000000";

    public static async Task RunAsync(int payments, int duplicates, int concurrency)
    {
        var root = FindRoot();
        using var portOne = await Child.StartAsync(Dll(root, "PortOne.Sandbox.Host"), new Dictionary<string, string>());
        using var sandbox = new HttpClient { BaseAddress = portOne.BaseUri };
        Console.WriteLine($"{payments} payments, {duplicates} duplicate deliveries each, {concurrency} concurrent, {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"",-34}{"ops",8}{"ops/s",10}{"p50 ms",9}{"p99 ms",9}");
        var results = new Dictionary<int, Result>();
        foreach (var instances in new[] { 1, 2 })
        {
            results[instances] = await RunClusterAsync(root, portOne.BaseUri, sandbox, instances, payments, duplicates, concurrency);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"two instances / one: {results[2].PerSecond / results[1].PerSecond:0.00}"));
    }

    private static async Task<Result> RunClusterAsync(string root, Uri portOne, HttpClient sandbox, int instances, int payments,
        int duplicates, int concurrency)
    {
        using var database = new BenchDatabase();
        var homes = new List<string>();
        var children = new List<Child>();
        try
        {
            var app = Dll(root, "PortOne.Checkout");
            Dictionary<string, string> Instance()
            {
                var home = Directory.CreateTempSubdirectory("checkout-bench-home-").FullName;
                homes.Add(home);
                return new Dictionary<string, string>
                {
                    ["HOME"] = home,
                    ["Database__Provider"] = database.Provider.ToString(),
                    ["ConnectionStrings__Checkout"] = database.ConnectionString,
                    ["PortOne__Mode"] = "Live",
                    ["PortOne__ApiBaseUrl"] = new Uri(portOne, "/sandbox/api").ToString(),
                    ["PortOne__SdkUrl"] = new Uri(portOne, "/sandbox/v1/iamport.js").ToString(),
                    ["PortOne__MerchantCode"] = MerchantCode,
                    ["PortOne__ApiKey"] = "sandbox_api_key",
                    ["PortOne__ApiSecret"] = "sandbox_api_secret_not_a_secret",
                    ["PortOne__IncludeSandbox"] = "true",
                    ["PortOne__AllowTestChannels"] = "true",
                    ["ReverseProxy__KnownProxies__0"] = "127.0.0.1",
                    ["Admin__Password"] = "bench-only-password-1",
                    ["Reconciliation__Enabled"] = "false",
                    ["Subscriptions__UpkeepEnabled"] = "false",
                    ["RateLimits__Notices__PermitLimit"] = "100000000",
                };
            }
            // The first migrates the database; the second finds it ready.
            children.Add(await Child.StartAsync(app, Instance()));
            if (instances == 2)
            {
                children.Add(await Child.StartAsync(app, Instance()));
            }
            var proxy = await Child.StartAsync(Dll(root, "PortOne.Checkout.Proxy"), new Dictionary<string, string>
            {
                ["ReverseProxy__Clusters__checkout__Destinations__instance-a__Address"] = children[0].BaseUri.ToString(),
                ["ReverseProxy__Clusters__checkout__Destinations__instance-b__Address"] = children[^1].BaseUri.ToString(),
                ["ReverseProxy__Clusters__checkout__HealthCheck__Active__Interval"] = "00:00:01",
            });
            children.Add(proxy);
            using var http = new HttpClient { BaseAddress = proxy.BaseUri };
            await WaitReadyAsync(http);

            var warmUp = await PayAsync(database, sandbox, 50);
            var paid = await PayAsync(database, sandbox, payments);
            await Load.RunAsync(warmUp.Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList(), concurrency);
            var firsts = await Load.RunAsync(paid.Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList(), concurrency);
            var dupes = await Load.RunAsync(Shuffle(Enumerable.Range(0, duplicates).SelectMany(_ => paid)
                .Select(p => (Func<Task>)(() => NoticeAsync(http, p))).ToList()), concurrency);
            var all = Result.Combine(firsts, dupes);
            var label = (instances == 1 ? "one instance" : "two instances") + $" on {database.Provider}";
            Print($"{label}: first deliveries", firsts);
            Print($"{label}: duplicates", dupes);
            Print($"{label}: all", all);
            return all;
        }
        finally
        {
            foreach (var child in children)
            {
                child.Dispose();
            }
            foreach (var home in homes)
            {
                Directory.Delete(home, recursive: true);
            }
        }
    }

    /// <summary>Orders straight into the database, each paid at the sandbox without a webhook: the benchmark delivers them.</summary>
    private static async Task<List<(string ImpUid, string MerchantUid)>> PayAsync(BenchDatabase database, HttpClient sandbox, int count)
    {
        var store = new OrderStore(new Db(database.Provider, database.ConnectionString), TimeProvider.System);
        var result = new List<(string, string)>();
        for (var i = 0; i < count; i++)
        {
            var order = await store.CreateAsync(
                new NewOrder($"bench-{Guid.NewGuid():N}"[..30], "청자 머그컵", 12_000, 0, "KRW", "card", 0, null,
                    "홍길동", "hong@example.com", "010-1234-5678", "서울", "04783"),
                [new OrderItem { ProductId = 4, Name = "청자 머그컵", UnitPrice = 12_000, Quantity = 1 }]);
            var opened = await sandbox.PostAsJsonAsync("/sandbox/window/requests", new JsonObject
            {
                ["user_code"] = MerchantCode, ["mode"] = "pc",
                ["params"] = new JsonObject
                {
                    ["pg"] = "tosspayments", ["pay_method"] = "card", ["merchant_uid"] = order.MerchantUid, ["name"] = order.OrderName,
                    ["amount"] = order.Amount, ["buyer_name"] = order.BuyerName,
                },
            });
            var impUid = (await opened.Content.ReadFromJsonAsync<JsonObject>())!["imp_uid"]!.GetValue<string>();
            (await sandbox.PostAsJsonAsync($"/sandbox/window/{impUid}/approve", new { card_code = "366" })).EnsureSuccessStatusCode();
            result.Add((impUid, order.MerchantUid));
        }
        return result;
    }

    private static async Task NoticeAsync(HttpClient http, (string ImpUid, string MerchantUid) payment)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/payments/notice",
            new { imp_uid = payment.ImpUid, merchant_uid = payment.MerchantUid, status = "paid" });
        response.EnsureSuccessStatusCode();
    }

    private static async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/healthz/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (deadline.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException("The proxy found no ready instance within 30 s.");
            }
            await Task.Delay(100);
        }
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Checkout.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("Checkout.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A project's build output in this benchmark's configuration (dotnet run -c Release builds them all).</summary>
    private static string Dll(string root, string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(root, project, "bin", configuration, "net10.0", project + ".dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build {project} first", dll);
    }

    /// <summary>A web project as its own process on a loopback port it picks, quiet but for its address.</summary>
    private sealed partial class Child : IDisposable
    {
        private readonly Process _process;

        private Child(Process process, Uri baseUri)
        {
            _process = process;
            BaseUri = baseUri;
        }

        public Uri BaseUri { get; }

        public static async Task<Child> StartAsync(string dll, Dictionary<string, string> environment)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { dll, "--urls", "http://127.0.0.1:0" },
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
            var process = Process.Start(start)!;
            var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null && ListeningOn().Match(e.Data) is { Success: true } match)
                {
                    listening.TrySetResult(new Uri(match.Groups[1].Value));
                }
            };
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is { Length: > 0 } line)
                {
                    Console.Error.WriteLine($"  {Path.GetFileNameWithoutExtension(dll)}: {line}");
                }
            };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60))) != listening.Task)
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"{dll} did not start");
            }
            return new Child(process, await listening.Task);
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
            _process.Dispose();
        }

        [GeneratedRegex(@"Now listening on: (http://\S+)")]
        private static partial Regex ListeningOn();
    }
}
