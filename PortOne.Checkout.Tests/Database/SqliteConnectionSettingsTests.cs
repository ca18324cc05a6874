using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using PortOne.Checkout.Database;

namespace PortOne.Checkout.Tests.Database;

/// <summary>
/// Every SQLite connection the app opens waits for locks, enforces foreign keys and commits with
/// synchronous=NORMAL, whether the pool hands out a connection it kept or opens a new one; the settings
/// travel to SQLite once per pooled connection, not on every operation.
/// </summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"checkout-settings-{Guid.NewGuid():N}.db");

    private string ConnectionString => $"Data Source={_path}";

    private Db NewDb() => new(DatabaseProvider.Sqlite, ConnectionString);

    /// <summary>Only this file's pool: other test classes run beside this one.</summary>
    private void ClearPool()
    {
        using var connection = new SqliteConnection(ConnectionString);
        SqliteConnection.ClearPool(connection);
    }

    [Fact]
    public async Task A_connection_the_pool_hands_out_again_keeps_the_settings()
    {
        var db = NewDb();
        SQLitePCL.sqlite3 first;
        await using (var connection = await db.OpenAsync())
        {
            first = ((SqliteConnection)connection).Handle!;
            Assert.Equal((10_000L, 1L, 1L), await SettingsAsync(connection));
        }

        await using var again = await db.OpenAsync();

        Assert.Same(first, ((SqliteConnection)again).Handle);
        Assert.Equal((10_000L, 1L, 1L), await SettingsAsync(again));
    }

    [Fact]
    public async Task A_connection_opened_after_the_pool_let_go_of_its_connections_gets_the_settings()
    {
        var db = NewDb();
        await using (var connection = await db.OpenAsync())
        {
            await connection.ExecuteAsync("SELECT 1;");
        }
        ClearPool();

        await using var fresh = await db.OpenAsync();

        Assert.Equal((10_000L, 1L, 1L), await SettingsAsync(fresh));
        using var synchronousOpen = db.Open();
        Assert.Equal((10_000L, 1L, 1L), await SettingsAsync(synchronousOpen));
    }

    [Fact]
    public async Task The_settings_are_sent_once_per_pooled_connection_not_on_every_open()
    {
        var db = NewDb();
        await using (var connection = await db.OpenAsync())
        {
            // Changed behind Db's back: an open that sent the settings again would put 10000 back.
            await connection.ExecuteAsync("PRAGMA busy_timeout = 1234;");
        }

        await using var again = await db.OpenAsync();

        Assert.Equal(1234L, await again.ExecuteScalarAsync<long>("PRAGMA busy_timeout;"));
    }

    private static async Task<(long BusyTimeout, long ForeignKeys, long Synchronous)> SettingsAsync(DbConnection connection) => (
        await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout;"),
        await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys;"),
        await connection.ExecuteScalarAsync<long>("PRAGMA synchronous;"));

    public void Dispose()
    {
        ClearPool();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_path + suffix);
        }
    }
}
