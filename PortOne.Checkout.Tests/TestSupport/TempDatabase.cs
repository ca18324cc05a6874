using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// A database of its own for one test class, deleted afterwards. A SQLite file by default; with
/// <c>CHECKOUT_TEST_DATABASE=PostgreSQL</c> a fresh database created on the server that
/// <c>CHECKOUT_TEST_POSTGRES</c> names (a connection string whose user may create databases), which is
/// how <c>test.sh</c> runs the integration tests a second time.
/// </summary>
public sealed class TempDatabase : IDisposable
{
    /// <summary>The provider every test of this run uses.</summary>
    public static DatabaseProvider Provider { get; } =
        DatabaseOptions.ParseProvider(Environment.GetEnvironmentVariable("CHECKOUT_TEST_DATABASE") is { Length: > 0 } name ? name : "Sqlite")
        ?? throw new InvalidOperationException("CHECKOUT_TEST_DATABASE must be Sqlite or PostgreSQL.");

    private readonly string? _postgresName;
    private readonly string? _path;

    public TempDatabase()
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            _path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"checkout-test-{Guid.NewGuid():N}.db");
            ConnectionString = $"Data Source={_path}";
            return;
        }
        _postgresName = $"checkout_test_{Guid.NewGuid():N}";
        Administer($"CREATE DATABASE {_postgresName};");
        ConnectionString = new NpgsqlConnectionStringBuilder(Server) { Database = _postgresName }.ToString();
    }

    /// <summary>The SQLite file; tests that need a file to break run on SQLite only.</summary>
    public string Path => _path ?? throw new InvalidOperationException("This test needs the SQLite provider.");

    public string ConnectionString { get; }

    /// <summary>What the app is configured with, in <c>Section:Key</c> form.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = Provider.ToString(),
        ["ConnectionStrings:Checkout"] = ConnectionString,
    };

    /// <summary>The same settings as environment variables, for an app started as its own process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables =>
        new Dictionary<string, string> { ["Database__Provider"] = Provider.ToString(), ["ConnectionStrings__Checkout"] = ConnectionString };

    public Db NewDb() => new(Provider, ConnectionString);

    /// <summary>A connection for a test's own reads and writes, with the app's per-connection settings.</summary>
    public Task<DbConnection> OpenAsync() => NewDb().OpenAsync();

    public void Dispose()
    {
        if (_postgresName is not null)
        {
            // Connections the app left in its pool are closed by FORCE.
            NpgsqlConnection.ClearAllPools();
            Administer($"DROP DATABASE IF EXISTS {_postgresName} WITH (FORCE);");
            return;
        }
        // Pooled connections keep the file open; release them before deleting.
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(Path + suffix);
        }
    }

    private static string Server => Environment.GetEnvironmentVariable("CHECKOUT_TEST_POSTGRES") is { Length: > 0 } server
        ? server
        : throw new InvalidOperationException("CHECKOUT_TEST_DATABASE=PostgreSQL needs CHECKOUT_TEST_POSTGRES, a connection string to a server.");

    private static void Administer(string sql)
    {
        // CREATE and DROP DATABASE cannot run inside a transaction or a pooled session of that database.
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(Server) { Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
