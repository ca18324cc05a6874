using System.Diagnostics;
using System.Net;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>
/// The README's "Run in production": what an operator runs must run as Production, and the newcomer's
/// <c>dotnet run</c> must stay Development.
/// </summary>
public class ProductionRunTests
{
    private static string Root => BrowserFixture.RepositoryRoot();

    [Fact]
    public async Task The_published_app_started_as_the_readme_says_runs_as_production()
    {
        using var database = new TempDatabase();
        var publish = Directory.CreateTempSubdirectory("checkout-publish-");
        try
        {
            // README: dotnet publish PortOne.Checkout -c Release -o <dir> (here without rebuilding what the tests were built from).
            var published = await RunAsync("dotnet", ["publish", Path.Combine(Root, "PortOne.Checkout"), "-c", ChildApp.BuildConfiguration, "--no-build", "-o", publish.FullName],
                new Dictionary<string, string>(), TimeSpan.FromMinutes(3));
            Assert.True(published.ExitCode == 0, published.Output);

            // README: the settings as environment variables, then dotnet PortOne.Checkout.dll.
            using var app = await ChildApp.StartAsync(Path.Combine(publish.FullName, "PortOne.Checkout.dll"), new Dictionary<string, string>(database.EnvironmentVariables)
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Admin__PasswordHash"] = AdminOptions.Hash("a-long-production-password"),
                ["PortOne__Mode"] = "Live",
                ["PortOne__MerchantCode"] = "imp12345678",
                ["PortOne__ApiKey"] = "live-key",
                ["PortOne__ApiSecret"] = "live-secret",
                ["PortOne__ApiBaseUrl"] = "http://127.0.0.1:9/",
                ["Checkout__PublicBaseUrl"] = "https://shop.example/",
                ["ReverseProxy__KnownProxies__0"] = "127.0.0.1",
                ["Reconciliation__Enabled"] = "false",
            });
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = app.BaseUri };

            // Behind the proxy named above: HSTS, which Development never sends.
            using var viaProxy = new HttpRequestMessage(HttpMethod.Get, "/healthz");
            viaProxy.Headers.Host = "shop.example";
            viaProxy.Headers.Add("X-Forwarded-Proto", "https");
            using var healthy = await http.SendAsync(viaProxy);
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
            Assert.True(healthy.Headers.Contains("Strict-Transport-Security"));

            // Plain HTTP goes to HTTPS; the published static assets are served.
            using var plain = await http.GetAsync("/checkout");
            Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
            using var script = new HttpRequestMessage(HttpMethod.Get, "/_framework/blazor.web.js");
            script.Headers.Add("X-Forwarded-Proto", "https");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(script)).StatusCode);
        }
        finally
        {
            publish.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Dotnet_run_with_aspnetcore_environment_production_runs_as_production_not_as_the_launch_profile_says()
    {
        using var database = new TempDatabase();

        // Production refuses Sandbox mode unless asked to; Development (the launch profile) would start.
        var run = await RunAsync("dotnet", ["run", "--no-build", "-c", ChildApp.BuildConfiguration, "--project", Path.Combine(Root, "PortOne.Checkout"), "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string>(database.EnvironmentVariables) { ["ASPNETCORE_ENVIRONMENT"] = "Production" },
            TimeSpan.FromMinutes(2), until: "is ready at");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("PortOne:AllowSandboxInProduction", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dotnet_run_alone_still_runs_as_development_in_sandbox_mode()
    {
        using var database = new TempDatabase();

        var run = await RunAsync("dotnet", ["run", "--no-build", "-c", ChildApp.BuildConfiguration, "--project", Path.Combine(Root, "PortOne.Checkout"), "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string>(database.EnvironmentVariables),
            TimeSpan.FromMinutes(2), until: "is ready at");

        Assert.Contains("Hosting environment: Development", run.Output, StringComparison.Ordinal);
        Assert.Contains("(Sandbox mode) is ready", run.Output, StringComparison.Ordinal);
    }

    private sealed record Run(int ExitCode, string Output);

    /// <summary>Runs a command to its end (or, given <paramref name="until"/>, until it prints that, then stops it).</summary>
    private static async Task<Run> RunAsync(string command, string[] arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, string? until = null)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The test runner's own environment must not decide the answer.
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        using var process = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }
            output.Enqueue(line);
            if (until is not null && line.Contains(until, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        }
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var finished = await Task.WhenAny(exited, seen.Task, Task.Delay(timeout));
        if (finished != exited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new Run(finished == exited ? process.ExitCode : -1, string.Join("\n", output));
    }
}
