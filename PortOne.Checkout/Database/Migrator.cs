using System.Reflection;
using Dapper;

namespace PortOne.Checkout.Database;

/// <summary>
/// Applies the numbered scripts of the configured provider (<c>Database/Migrations/Sqlite</c> or
/// <c>Database/Migrations/PostgreSQL</c>) once each, in order. Both folders hold the same numbers and
/// names with the same meaning, and a script's recorded version is its file name alone (e.g.
/// <c>0001_initial</c>), as it was before there were two folders.
/// </summary>
public sealed partial class Migrator(Db db, TimeProvider time, ILogger<Migrator> logger)
{
    private const string ResourcePrefix = "PortOne.Checkout.Database.Migrations.";

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(db.Sql.BeforeMigrating);
        try
        {
            await connection.ExecuteAsync(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL);");
            // Read only now: on PostgreSQL another instance may have migrated while this one waited for the lock.
            var applied = (await connection.QueryAsync<string>("SELECT version FROM schema_migrations;")).ToHashSet();

            foreach (var (version, sql) in Scripts(db.Sql))
            {
                if (applied.Contains(version))
                {
                    continue;
                }
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                // Asked again inside the transaction: on SQLite it holds the write lock, so of two
                // processes starting on one file the second waits here and then finds the script applied.
                if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM schema_migrations WHERE version = @version;",
                        new { version }, transaction) > 0)
                {
                    continue;
                }
                await connection.ExecuteAsync(sql, transaction: transaction);
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @now);",
                    new { version, now = time.GetUtcNow().ToUnixTimeSeconds() }, transaction);
                await transaction.CommitAsync(cancellationToken);
                LogApplied(logger, version);
            }
        }
        finally
        {
            if (db.Sql.AfterMigrating is { } release)
            {
                await connection.ExecuteAsync(release);
            }
        }
    }

    /// <summary>
    /// The migrations this build carries that the database has not applied: readiness waits for none.
    /// Reads only; a database another instance is still migrating is simply not ready yet.
    /// </summary>
    public async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await db.OpenAsync(cancellationToken);
        var tracked = await connection.ExecuteScalarAsync<long>(db.Sql.MigrationsTableExists) > 0;
        var applied = tracked ? (await connection.QueryAsync<string>("SELECT version FROM schema_migrations;")).ToHashSet() : [];
        return ScriptNames(db.Sql).Select(name => Version(db.Sql, name)).Where(version => !applied.Contains(version)).ToList();
    }

    /// <summary>The versions this build carries for <paramref name="dialect"/>, in the order they apply.</summary>
    internal static IEnumerable<string> Versions(SqlDialect dialect) => ScriptNames(dialect).Select(name => Version(dialect, name));

    private static IEnumerable<(string Version, string Sql)> Scripts(SqlDialect dialect)
    {
        var assembly = Assembly.GetExecutingAssembly();
        foreach (var name in ScriptNames(dialect))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (Version(dialect, name), reader.ReadToEnd());
        }
    }

    private static IEnumerable<string> ScriptNames(SqlDialect dialect) => Assembly.GetExecutingAssembly().GetManifestResourceNames()
        .Where(n => n.StartsWith(Prefix(dialect), StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal);

    private static string Prefix(SqlDialect dialect) => $"{ResourcePrefix}{dialect.MigrationsFolder}.";

    private static string Version(SqlDialect dialect, string resourceName) => resourceName[Prefix(dialect).Length..^".sql".Length];

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied database migration {Version}")]
    private static partial void LogApplied(ILogger logger, string version);
}
