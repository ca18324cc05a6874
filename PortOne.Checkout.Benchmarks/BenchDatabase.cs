using Microsoft.Data.Sqlite;
using Npgsql;
using PortOne.Checkout.Database;

/// <summary>
/// The webhook benchmark's throwaway database: a SQLite file by default, or with
/// <c>CHECKOUT_BENCH_DATABASE=PostgreSQL</c> a fresh database on the server that
/// <c>CHECKOUT_BENCH_POSTGRES</c> names (a connection string whose user may create databases).
/// </summary>
internal sealed class BenchDatabase : IDisposable
{
    private readonly string? _sqlitePath;
    private readonly string? _postgresName;

    public BenchDatabase()
    {
        var provider = Environment.GetEnvironmentVariable("CHECKOUT_BENCH_DATABASE");
        Provider = string.IsNullOrEmpty(provider) ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out var parsed) ? parsed
            : throw new InvalidOperationException("CHECKOUT_BENCH_DATABASE must be Sqlite or PostgreSQL.");
        if (Provider == DatabaseProvider.Sqlite)
        {
            _sqlitePath = Path.Combine(Path.GetTempPath(), $"checkout-bench-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_sqlitePath}";
            return;
        }
        _postgresName = $"checkout_bench_{Guid.NewGuid():N}";
        Administer($"CREATE DATABASE {_postgresName};");
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = _postgresName }.ToString();
    }

    public DatabaseProvider Provider { get; }

    public string ConnectionString { get; }

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            NpgsqlConnection.ClearAllPools();
            Administer($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE);");
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_sqlitePath + suffix);
        }
    }

    private static string Server => Environment.GetEnvironmentVariable("CHECKOUT_BENCH_POSTGRES") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException("CHECKOUT_BENCH_DATABASE=PostgreSQL needs CHECKOUT_BENCH_POSTGRES, a connection string to a server.");

    private static void Administer(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
