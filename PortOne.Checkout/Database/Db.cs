using System.Data.Common;
using System.Runtime.CompilerServices;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PortOne.Checkout.Database;

/// <summary>
/// Hands out one open connection per operation. Blazor Server scopes live as long as a circuit,
/// so a scoped connection would be held for minutes; a fresh pooled one per call is cheap.
/// Features see a <see cref="DbConnection"/> and never learn which provider is behind it; where the
/// SQL has to differ they ask <see cref="Sql"/>.
/// </summary>
public sealed class Db(DatabaseProvider provider, string connectionString)
{
    // Columns are snake_case, properties PascalCase: let Dapper map one to the other everywhere.
    static Db() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public DatabaseProvider Provider { get; } = provider;

    public string ConnectionString { get; } = connectionString;

    public SqlDialect Sql { get; } = SqlDialect.For(provider);

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = Create();
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (connection is SqliteConnection sqlite && NeedsPragmas(sqlite))
            {
                await using var pragma = connection.CreateCommand();
                pragma.CommandText = SqlitePragmas;
                await pragma.ExecuteNonQueryAsync(cancellationToken);
                Configured.AddOrUpdate(sqlite.Handle!, Marker);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>For the few callers that cannot await (metric callbacks).</summary>
    public DbConnection Open()
    {
        var connection = Create();
        try
        {
            connection.Open();
            if (connection is SqliteConnection sqlite && NeedsPragmas(sqlite))
            {
                using var pragma = connection.CreateCommand();
                pragma.CommandText = SqlitePragmas;
                pragma.ExecuteNonQuery();
                Configured.AddOrUpdate(sqlite.Handle!, Marker);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc cref="SqlDialect.SerializeAsync"/>
    public Task SerializeAsync(DbTransaction transaction, string purpose, CancellationToken cancellationToken = default) =>
        Sql.SerializeAsync(transaction, purpose, cancellationToken);

    private DbConnection Create() => Provider == DatabaseProvider.PostgreSQL
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    /// <summary>
    /// The SQLite connections (the native handles the pool keeps open and hands out again) that already run with
    /// <see cref="SqlitePragmas"/>. A pooled handle keeps its settings, so they are sent once per handle rather
    /// than as three more statements to prepare and run on every operation; a handle the pool closes drops out.
    /// </summary>
    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();

    private static readonly object Marker = new();

    private static bool NeedsPragmas(SqliteConnection connection) => !Configured.TryGetValue(connection.Handle!, out _);

    // These are per connection; WAL itself is persisted in the file by the migrator. In WAL mode
    // synchronous=NORMAL keeps every commit across a process crash and skips an fsync per commit;
    // only a power cut can lose the last commits, and PortOne, which holds every payment, gives
    // them back through reconciliation.
    private const string SqlitePragmas = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
}
