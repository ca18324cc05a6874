using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;

/// <summary>
/// The published app as a merchant runs it: <c>dotnet PortOne.Checkout.dll</c> from a publish folder, in
/// Production, on its own loopback port and throwaway database, with the in-process sandbox allowed so a
/// demo can pay. The figures that depend on what is served (compression, fingerprints, ReadyToRun) only
/// mean something here, not under WebApplicationFactory (Development, files served from the packages).
/// </summary>
internal sealed class PublishedApp : IAsyncDisposable
{
    /// <summary>The owner's password as the README's production setup configures it, a hash: every app the benchmark starts uses it.</summary>
    internal static readonly Lazy<string> OwnerPasswordHash = new(() => PortOne.Checkout.Features.Admin.AdminOptions.Hash("bench-only-password-1"));

    private readonly Process _process;
    private readonly string _dbPath;
    private readonly bool _ownsDatabase;

    public Uri BaseAddress { get; }

    /// <summary>When the process was started, for cold-start figures.</summary>
    public long StartedAt { get; }

    public int ProcessId => _process.Id;

    private PublishedApp(Process process, string dbPath, bool ownsDatabase, Uri baseAddress, long startedAt)
    {
        _process = process;
        _dbPath = dbPath;
        _ownsDatabase = ownsDatabase;
        BaseAddress = baseAddress;
        StartedAt = startedAt;
    }

    /// <param name="databasePath">A SQLite file to keep across starts (deleted by the caller); a throwaway one when null.</param>
    public static PublishedApp Start(string publishDir, IReadOnlyDictionary<string, string>? environment = null, string? databasePath = null)
    {
        var dll = Path.Combine(publishDir, "PortOne.Checkout.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"No published app in {publishDir}: run dotnet publish PortOne.Checkout -c Release -o {publishDir} first.", dll);
        }

        var port = FreePort();
        var dbPath = databasePath ?? NewDatabasePath();
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = publishDir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ConnectionStrings__Checkout"] = $"Data Source={dbPath}";
        // As the README's production setup has it: a hash, so a start checks the owner without deriving a key.
        start.Environment["Admin__PasswordHash"] = OwnerPasswordHash.Value;
        start.Environment["PortOne__AllowSandboxInProduction"] = "true";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var startedAt = Stopwatch.GetTimestamp();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                Console.Error.WriteLine($"  app: {line}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PublishedApp(process, dbPath, databasePath is null, new Uri($"http://127.0.0.1:{port}/"), startedAt);
    }

    /// <summary>Waits until Kestrel answers (any status), without a request to a page.</summary>
    public async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The app exited with {_process.ExitCode}.");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, BaseAddress.Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(10);
            }
        }

        throw new TimeoutException("The app did not listen within 60 s.");
    }

    /// <summary>Resident set size of the server process, from /proc (Linux).</summary>
    public long RssBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException("No VmRSS in /proc status.");
    }

    /// <summary>
    /// CPU time the server has used (user + system, from /proc): on a shared machine wall times swing
    /// with other load, the work the process did does much less.
    /// </summary>
    public TimeSpan CpuTime()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name (which may hold spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0); // USER_HZ is 100 on Linux
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGTERM first, as a service manager stops it: the host shuts down and a trace started with
            // DOTNET_EnableEventPipe is written whole. SIGKILL only if it hangs.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(patience.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
        if (_ownsDatabase)
        {
            DeleteDatabase(_dbPath);
        }
    }

    public static string NewDatabasePath() => Path.Combine(Path.GetTempPath(), $"checkout-published-{Guid.NewGuid():N}.db");

    public static void DeleteDatabase(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }

    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Environment.GetEnvironmentVariable("PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-dev-shm-usage"],
        });

    /// <summary>Opens /checkout and waits until its pay button works (the circuit is up).</summary>
    public async Task OpenCheckoutAsync(IPage page)
    {
        await page.GotoAsync(new Uri(BaseAddress, "checkout").ToString());
        await page.Locator("[data-interactive='true']").First.WaitForAsync(new() { Timeout = 60_000 });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
