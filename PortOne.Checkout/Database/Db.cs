using Dapper;
using Microsoft.Data.Sqlite;

namespace PortOne.Checkout.Database;

/// <summary>
/// Hands out one open connection per operation. Blazor Server scopes live as long as a circuit,
/// so a scoped connection would be held for minutes; a fresh pooled one per call is cheap.
/// </summary>
public sealed class Db(string connectionString)
{
    // Columns are snake_case, properties PascalCase: let Dapper map one to the other everywhere.
    static Db() => DefaultTypeMap.MatchNamesWithUnderscores = true;

    public string ConnectionString { get; } = connectionString;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        // These are per connection; WAL itself is persisted in the file by the migrator. In WAL mode
        // synchronous=NORMAL keeps every commit across a process crash and skips an fsync per commit;
        // only a power cut can lose the last commits, and PortOne, which holds every payment, gives
        // them back through reconciliation.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
