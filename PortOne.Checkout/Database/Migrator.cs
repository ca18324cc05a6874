using System.Reflection;
using Dapper;

namespace PortOne.Checkout.Database;

/// <summary>Applies the numbered scripts in <c>Database/Migrations</c> once each, in order.</summary>
public sealed partial class Migrator(Db db, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "PortOne.Checkout.Database.Migrations.";

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at INTEGER NOT NULL);");
        var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations;")).ToHashSet();

        foreach (var (version, sql) in Scripts())
        {
            if (applied.Contains(version))
            {
                continue;
            }
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, unixepoch());",
                new { version }, transaction);
            await transaction.CommitAsync(cancellationToken);
            LogApplied(logger, version);
        }
    }

    /// <summary>
    /// The migrations this build carries that the database has not applied: readiness waits for none.
    /// Reads only; a database another instance is still migrating is simply not ready yet.
    /// </summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var tracked = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';") > 0;
        var applied = tracked ? (await connection.QueryAsync<string>("SELECT version FROM schema_migrations;")).ToHashSet() : [];
        return ScriptNames().Select(Version).Where(version => !applied.Contains(version)).ToList();
    }

    private static IEnumerable<(string Version, string Sql)> Scripts()
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in ScriptNames())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Version(name), reader.ReadToEnd());
        }
    }

    private static IEnumerable<string> ScriptNames() => Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);

    private static string Version(string resourceName) => resourceName[ResourcePrefix.Length..^".sql".Length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version}")]
    private static partial void LogApplied(ILogger logger, string version);
}
