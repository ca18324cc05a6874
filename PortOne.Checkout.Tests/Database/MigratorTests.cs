using Dapper;
using Microsoft.Extensions.Logging;
using PortOne.Checkout.Database;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Database;

/// <summary>The numbered scripts of both providers, and how they are applied: once each, whoever starts first.</summary>
public sealed class MigratorTests : IDisposable
{
    // What every SQLite database migrated before there were two providers holds in schema_migrations.
    private static readonly string[] VersionsBeforeTheSplit =
    [
        "0001_initial", "0002_reconciliation", "0003_checkout_consent_and_options", "0004_orphan_event_lookup",
        "0005_cash_receipts", "0006_staff_form_tokens", "0007_staff_accounts", "0008_order_search", "0009_refund_ledger",
        "0010_subscriptions", "0011_fixed_virtual_accounts", "0012_external_cash_receipts",
    ];

    private readonly TempDatabase _database = new();
    private readonly LogCapture _logs = new();
    private readonly ILoggerFactory _loggers;

    public MigratorTests() => _loggers = new LoggerFactory([_logs]);

    public void Dispose()
    {
        _database.Dispose();
        _loggers.Dispose();
    }

    [Fact]
    public void Both_providers_carry_the_same_numbers_and_names()
    {
        var sqlite = Migrator.Versions(SqlDialect.Sqlite).ToList();

        Assert.Equal(sqlite, Migrator.Versions(SqlDialect.PostgreSQL));
        Assert.Equal(VersionsBeforeTheSplit, sqlite.Take(VersionsBeforeTheSplit.Length));
    }

    [Fact]
    public async Task An_empty_database_gets_every_script_recorded_under_its_file_name()
    {
        await NewMigrator().MigrateAsync();

        await using var connection = await _database.OpenAsync();
        var recorded = await connection.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version;");
        Assert.Equal(Migrator.Versions(_database.NewDb().Sql), recorded);
        Assert.Empty(await NewMigrator().PendingAsync());
    }

    [Fact]
    [Trait("Database", "SqliteOnly")]
    public async Task A_sqlite_file_migrated_before_the_scripts_moved_to_a_provider_folder_runs_none_of_them_again()
    {
        // The file as the earlier migrator left it: the scripts applied, each recorded by its bare name.
        await using (var connection = await _database.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL);");
            foreach (var version in VersionsBeforeTheSplit)
            {
                await connection.ExecuteAsync(SqliteScript(version));
                await connection.ExecuteAsync("INSERT INTO schema_migrations (version, applied_at) VALUES (@version, 1);", new { version });
            }
        }

        await NewMigrator().MigrateAsync();

        await using var check = await _database.OpenAsync();
        var rows = (await check.QueryAsync<(string Version, long AppliedAt)>("SELECT version, applied_at FROM schema_migrations ORDER BY version;")).AsList();
        Assert.Equal(VersionsBeforeTheSplit.Select(v => (v, 1L)), rows.Take(VersionsBeforeTheSplit.Length));
        Assert.DoesNotContain(_logs.Lines, l => VersionsBeforeTheSplit.Any(v => l.Text.Contains("Applied database migration " + v, StringComparison.Ordinal)));
        Assert.Equal(7, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM products;"));
    }

    [Fact]
    public async Task Two_instances_migrating_one_empty_database_at_once_apply_each_script_once()
    {
        await Task.WhenAll(Task.Run(() => NewMigrator().MigrateAsync()), Task.Run(() => NewMigrator().MigrateAsync()));

        var versions = Migrator.Versions(_database.NewDb().Sql).ToList();
        var applied = _logs.Lines.Where(l => l.Text.StartsWith("Applied database migration ", StringComparison.Ordinal)).ToList();
        Assert.Equal(versions.Count, applied.Count);
        await using var connection = await _database.OpenAsync();
        Assert.Equal(versions, await connection.QueryAsync<string>("SELECT version FROM schema_migrations ORDER BY version;"));
        // 0001 and 0010 insert the catalog: run twice, it would hold 14 products or have failed on the SKUs.
        Assert.Equal(7, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM products;"));
    }

    private Migrator NewMigrator() => new(_database.NewDb(), TimeProvider.System, _loggers.CreateLogger<Migrator>());

    private static string SqliteScript(string version)
    {
        using var stream = typeof(Migrator).Assembly.GetManifestResourceStream($"PortOne.Checkout.Database.Migrations.Sqlite.{version}.sql")
            ?? throw new InvalidOperationException(version);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
