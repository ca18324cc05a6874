using System.Net;
using Dapper;
using Microsoft.Data.Sqlite;
using PortOne.Checkout.Tests.Sandbox;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary><c>/healthz/live</c> answers while the process does; <c>/healthz/ready</c> only when this instance can take orders.</summary>
public class HealthTests
{
    [Fact]
    public async Task A_migrated_sandbox_app_is_live_and_ready_and_healthz_still_answers_200()
    {
        await using var host = await StartAsync(new CheckoutApp());
        var app = host.App;

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/live"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/ready"));
    }

    [Fact]
    public async Task A_database_missing_a_migration_is_not_ready_while_the_process_stays_live()
    {
        await using var host = await StartAsync(new CheckoutApp());
        var app = host.App;
        string latest;
        await using (var connection = await app.OpenDatabaseAsync())
        {
            latest = await connection.ExecuteScalarAsync<string>("SELECT max(version) FROM schema_migrations;") ?? "";
            await connection.ExecuteAsync("DELETE FROM schema_migrations WHERE version = @latest;", new { latest });
        }

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(app, "/healthz/ready"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/live"));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz"));
        Assert.Contains(app.Logs.Lines, l => l.Text.Contains("migrations not applied: " + latest, StringComparison.Ordinal));
    }

    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task An_unreachable_database_is_not_ready_while_the_process_stays_live()
    {
        // No background pass may open the database while it is swapped for a directory.
        await using var host = await StartAsync(new ManualReconciliationApp());
        var app = host.App;
        // Where the file was is now a directory: SQLite cannot open it, as with a lost volume.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(app.DatabasePath + suffix);
        }
        Directory.CreateDirectory(app.DatabasePath);
        try
        {
            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), await GetAsync(app, "/healthz/ready"));
            Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/live"));
        }
        finally
        {
            Directory.Delete(app.DatabasePath);
        }
    }

    [Fact]
    public async Task Live_mode_with_a_key_portone_accepts_is_ready()
    {
        await using var host = await StartAsync(new LiveCheckoutApp());
        var app = host.App;

        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/ready"));
    }

    [Fact]
    public async Task Live_mode_with_a_key_portone_refuses_is_not_ready_and_asks_portone_once_per_probe_storm()
    {
        await using var host = await StartAsync(new RefusedKeyApp());
        var app = host.App;

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => GetAsync(app, "/healthz/ready")));

        Assert.All(answers, a => Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), a));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), await GetAsync(app, "/healthz/live"));
        Assert.Single(app.PortOneRequests, r => r.EndsWith("/users/getToken", StringComparison.Ordinal));
        Assert.Contains(app.Logs.Lines, l => l.Text.Contains("PortOne refused the API key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Live_mode_with_portone_failing_is_degraded_but_still_ready()
    {
        await using var host = await StartAsync(new LiveCheckoutApp());
        var app = host.App;
        using var faults = await app.PortOne.Http.PostAsync("/sandbox/control/faults",
            System.Net.Http.Json.JsonContent.Create(new { error_rate = 1.0 }));
        faults.EnsureSuccessStatusCode();

        Assert.Equal((HttpStatusCode.OK, "Degraded"), await GetAsync(app, "/healthz/ready"));
    }

    private static async Task<Started<T>> StartAsync<T>(T app) where T : CheckoutApp
    {
        await ((IAsyncLifetime)app).InitializeAsync();
        return new Started<T>(app);
    }

    private static async Task<(HttpStatusCode, string)> GetAsync(CheckoutApp app, string path)
    {
        using var response = await app.CreateClient().GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private sealed class Started<T>(T app) : IAsyncDisposable where T : CheckoutApp
    {
        public T App { get; } = app;

        public async ValueTask DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
    }

    private sealed class RefusedKeyApp : LiveCheckoutApp
    {
        protected override IReadOnlyDictionary<string, string> Settings =>
            new Dictionary<string, string>(base.Settings) { ["PortOne:ApiSecret"] = "not-" + SandboxHost.ApiSecret };
    }
}
