using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

/// <summary>
/// What a shopper's phone downloads and what each open checkout costs the server, measured on the
/// published app in Chromium: page weight (bytes as transferred, first and repeat load), managed heap
/// and RSS per open circuit, and the cold start to a working pay button.
/// </summary>
internal static partial class CheckoutPageBenchmark
{
    private const double KiB = 1024;

    /// <summary>Bytes as transferred (compressed, headers included) for a first and a repeat load.</summary>
    public static async Task PageWeightAsync(string publishDir)
    {
        await using var app = PublishedApp.Start(publishDir);
        await app.WaitListeningAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PublishedApp.LaunchChromiumAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        var transfers = new List<(string Url, long Bytes)>();
        var urls = new Dictionary<string, string>();
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                urls[json.GetProperty("requestId").GetString()!] = json.GetProperty("request").GetProperty("url").GetString()!;
            }
        };
        cdp.Event("Network.loadingFinished").OnEvent += (_, e) =>
        {
            if (e is { } json)
            {
                var id = json.GetProperty("requestId").GetString()!;
                lock (transfers)
                {
                    transfers.Add((urls.GetValueOrDefault(id, id), (long)json.GetProperty("encodedDataLength").GetDouble()));
                }
            }
        };
        await cdp.SendAsync("Network.enable");

        var first = await LoadAsync(app, page, transfers);
        var repeat = await LoadAsync(app, page, transfers);
        Console.WriteLine($"/checkout first load: {first.Sum(t => t.Bytes) / KiB,8:N1} KiB in {first.Count} requests (target <= 250 KiB)");
        Print(first);
        Console.WriteLine($"/checkout repeat load: {repeat.Sum(t => t.Bytes) / KiB,7:N1} KiB in {repeat.Count} requests (target <= 40 KiB)");
        Print(repeat);
    }

    private static async Task<List<(string Url, long Bytes)>> LoadAsync(PublishedApp app, IPage page, List<(string Url, long Bytes)> transfers)
    {
        lock (transfers)
        {
            transfers.Clear();
        }

        await app.OpenCheckoutAsync(page);
        // The circuit's own WebSocket frames are not loads; give late subresources (fonts, modules) a moment.
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        lock (transfers)
        {
            return [.. transfers];
        }
    }

    private static void Print(List<(string Url, long Bytes)> loads)
    {
        foreach (var (url, bytes) in loads.OrderByDescending(t => t.Bytes))
        {
            Console.WriteLine($"    {bytes / KiB,8:N1} KiB  {new Uri(url).PathAndQuery}");
        }
    }

    /// <summary>
    /// Live managed heap per open checkout circuit (full GC through dotnet-gcdump) and RSS growth per
    /// circuit over a second batch, so start-up costs and first-circuit JIT are not counted. The types are
    /// the difference between the first dump (2 circuits) and the last, per circuit: what one more open
    /// checkout costs, not what the process holds anyway. Further NAME=VALUE arguments go to the app's
    /// environment (DOTNET_gcServer=0, ...).
    /// </summary>
    public static async Task CircuitsAsync(string publishDir, int perBatch, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment)
        {
            Console.WriteLine($"  with {name}={value}");
        }

        await using var app = PublishedApp.Start(publishDir, environment);
        await app.WaitListeningAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PublishedApp.LaunchChromiumAsync(playwright);
        var contexts = new List<IBrowserContext>();

        async Task OpenAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var context = await browser.NewContextAsync();
                contexts.Add(context);
                await app.OpenCheckoutAsync(await context.NewPageAsync());
            }
        }

        await OpenAsync(2);
        var heap0 = HeapByType(app.ProcessId);
        var rss0 = app.RssBytes();
        await OpenAsync(perBatch);
        var heap1 = HeapByType(app.ProcessId);
        var rss1 = app.RssBytes();
        await OpenAsync(perBatch);
        var heap2 = HeapByType(app.ProcessId);
        if (Environment.GetEnvironmentVariable("BENCH_GCDUMP") is { Length: > 0 } dumpPath)
        {
            // For a closer look: dotnet-gcdump collect -p PID (the file opens in PerfView or Visual Studio).
            using var dump = Process.Start(GcDumpTool(), ["collect", "-p", app.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", dumpPath]);
            dump.WaitForExit();
        }
        var rss2 = app.RssBytes();

        var circuits = 2.0 * perBatch;
        var heapPerCircuit = (heap2.Total - heap0.Total) / circuits;
        var rssPerCircuit = (rss2 - rss1) / (double)perBatch;
        Console.WriteLine("what one more open checkout holds (live heap by type, last dump minus first, per circuit):");
        Console.WriteLine($"    {"bytes",10} {"objects",8}  type");
        foreach (var (type, bytes, count) in heap2.Types
            .Select(t => (Type: t.Key, Bytes: (t.Value.Bytes - heap0.Types.GetValueOrDefault(t.Key).Bytes) / circuits,
                Count: (t.Value.Count - heap0.Types.GetValueOrDefault(t.Key).Count) / circuits))
            .OrderByDescending(t => t.Bytes).Take(30))
        {
            Console.WriteLine($"    {bytes,10:N0} {count,8:N1}  {type}");
        }
        Console.WriteLine($"{contexts.Count} open checkout circuits; live heap {heap0.Total / 1e6:N1} -> {heap1.Total / 1e6:N1} -> {heap2.Total / 1e6:N1} MB; RSS {rss0 / 1e6:N1} -> {rss1 / 1e6:N1} -> {rss2 / 1e6:N1} MB");
        Console.WriteLine($"live managed heap per circuit: {heapPerCircuit / 1e3,8:N0} KB (target <= 300 KB)");
        Console.WriteLine($"RSS growth per circuit (second batch of {perBatch}): {rssPerCircuit / 1e3,8:N0} KB (target <= 600 KB)");
        Console.WriteLine($"shoppers per GiB (live heap): {(1L << 30) / heapPerCircuit,8:N0}");
        Console.WriteLine($"shoppers per GiB (RSS):       {(1L << 30) / Math.Max(rssPerCircuit, 1),8:N0}");
        foreach (var context in contexts)
        {
            await context.DisposeAsync();
        }
    }

    /// <summary>
    /// From process start until /checkout's pay button works, in a fresh browser context each time (so
    /// nothing is cached), median of several restarts on one database, as a deploy or a crash restarts the
    /// app; the very first start, which also creates the tables, is printed on its own. The extra
    /// environment lets the README compare publish folders (ReadyToRun, TieredPGO off, ...).
    /// </summary>
    public static async Task ColdStartAsync(string publishDir, int runs, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (name, value) in environment)
        {
            Console.WriteLine($"  with {name}={value}");
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await PublishedApp.LaunchChromiumAsync(playwright);
        var database = PublishedApp.NewDatabasePath();
        var times = new List<double>();
        var cpu = new List<double>();
        var cpuListening = new List<double>();
        try
        {
            for (var i = 0; i <= runs; i++)
            {
                // The shopper's browser tab is open before the server starts: Chromium takes 150-650 ms of
                // its own to make one on this machine, which is no part of the server's start.
                await using var context = await browser.NewContextAsync();
                var page = await context.NewPageAsync();
                await using var app = PublishedApp.Start(publishDir, environment, database);
                await app.WaitListeningAsync();
                var listening = Stopwatch.GetElapsedTime(app.StartedAt).TotalMilliseconds;
                var listeningCpuMs = app.CpuTime().TotalMilliseconds;
                var html = 0.0;
                page.Response += (_, response) =>
                {
                    if (response.Url.EndsWith("/checkout", StringComparison.Ordinal))
                    {
                        html = Stopwatch.GetElapsedTime(app.StartedAt).TotalMilliseconds;
                    }
                };
                await app.OpenCheckoutAsync(page);
                var ready = Stopwatch.GetElapsedTime(app.StartedAt).TotalMilliseconds;
                var cpuMs = app.CpuTime().TotalMilliseconds;
                var label = i == 0 ? "first start (creates the tables)" : $"restart {i}";
                Console.WriteLine($"  {label,-33}: listening after {listening,6:N0} ms (CPU {listeningCpuMs,5:N0}), page's HTML after {html,6:N0} ms, pay button works after {ready,6:N0} ms, server CPU {cpuMs,6:N0} ms");
                if (i > 0)
                {
                    times.Add(ready);
                    cpu.Add(cpuMs);
                    cpuListening.Add(listeningCpuMs);
                }
            }
        }
        finally
        {
            PublishedApp.DeleteDatabase(database);
        }

        times.Sort();
        cpu.Sort();
        cpuListening.Sort();
        Console.WriteLine($"first /checkout after a restart, until the pay button works: median {times[times.Count / 2]:N0} ms of {runs} (target <= 1,500 ms); server CPU time by then: median {cpu[cpu.Count / 2]:N0} ms");
        // No browser takes part before the port opens, so this part moves far less from run to run than the whole.
        Console.WriteLine($"server CPU time until the port accepted connections: median {cpuListening[cpuListening.Count / 2]:N0} ms");
    }

    /// <summary>
    /// Forces a full GC in the app and reads its live heap through dotnet-gcdump: the total, and bytes and
    /// objects per type. The report lists each type once per size bucket with the objects' average size, so
    /// a type's bytes are the sum of average times count over its buckets.
    /// </summary>
    private static (long Total, Dictionary<string, (double Bytes, double Count)> Types) HeapByType(int pid)
    {
        var start = new ProcessStartInfo(GcDumpTool(), ["report", "-p", pid.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start (dotnet tool install -g dotnet-gcdump)");
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var types = new Dictionary<string, (double Bytes, double Count)>();
        long? total = null;
        foreach (var line in output.Split('\n'))
        {
            // The report's first line with a size is the total: "  12,345,678  GC Heap bytes".
            if (line.Contains("GC Heap bytes", StringComparison.Ordinal))
            {
                total = long.Parse(line.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                continue;
            }
            var match = ReportRow().Match(line);
            if (match.Success)
            {
                var size = long.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                var count = long.Parse(match.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                var (bytes, objects) = types.GetValueOrDefault(match.Groups[3].Value);
                types[match.Groups[3].Value] = (bytes + (double)size * count, objects + count);
            }
        }

        return (total ?? throw new InvalidOperationException($"No heap total in dotnet-gcdump's report:\n{output}"), types);
    }

    private static string GcDumpTool()
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        return File.Exists(tool) ? tool : "dotnet-gcdump";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [^)]*\))?\s+\[.*$")]
    private static partial System.Text.RegularExpressions.Regex ReportRow();
}
