using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace PortOne.Checkout.Database;

/// <summary>
/// Every place where SQLite and PostgreSQL need different SQL, one member each, both spellings side by
/// side. Everything else (the features' queries, the meaning of each migration) is the same text on both.
/// </summary>
public sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite);
    public static readonly SqlDialect PostgreSQL = new(DatabaseProvider.PostgreSQL);

    private SqlDialect(DatabaseProvider provider) => Provider = provider;

    public DatabaseProvider Provider { get; }

    public static SqlDialect For(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSQL ? PostgreSQL : Sqlite;

    /// <summary>
    /// <c>column</c> is one of a list parameter's values. Dapper writes one parameter per value for
    /// SQLite, but hands Npgsql the whole list as one array, which <c>IN</c> does not accept.
    /// </summary>
    public string InList(string column, string parameter) => Provider switch
    {
        DatabaseProvider.PostgreSQL => $"{column} = ANY({parameter})",
        _ => $"{column} IN {parameter}",
    };

    /// <summary>
    /// A text column that must not drive the choice of index: SQLite's unary <c>+</c> hides it from
    /// the planner, which otherwise picks a worse index for some queries. PostgreSQL's planner costs
    /// its choices from statistics and has no unary plus for text.
    /// </summary>
    public string Unindexed(string column) => Provider switch
    {
        DatabaseProvider.PostgreSQL => column,
        _ => "+" + column,
    };

    /// <summary>A UNIQUE or PRIMARY KEY constraint refused the row (the "already exists" of an exactly-once insert).</summary>
    public bool IsUniqueViolation(Exception exception) => exception switch
    {
        // SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY.
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };

    /// <summary>The folder of this provider's numbered scripts (embedded resources).</summary>
    internal string MigrationsFolder => Provider switch
    {
        DatabaseProvider.PostgreSQL => "PostgreSQL",
        _ => "Sqlite",
    };

    /// <summary>
    /// Run once before migrating. SQLite: write-ahead logging, a property of the file, so readers never
    /// wait for the writer. PostgreSQL: an advisory lock held by this session, so of several instances
    /// starting at once one migrates and the others wait, then find nothing left to do.
    /// </summary>
    internal string BeforeMigrating => Provider switch
    {
        DatabaseProvider.PostgreSQL => $"SELECT pg_advisory_lock({MigrationLockKey});",
        _ => "PRAGMA journal_mode = WAL;",
    };

    internal string? AfterMigrating => Provider switch
    {
        DatabaseProvider.PostgreSQL => $"SELECT pg_advisory_unlock({MigrationLockKey});",
        _ => null,
    };

    // Any fixed number the app uses for nothing else: "PortOne" in ASCII.
    private const long MigrationLockKey = 0x506F72744F6E65;

    /// <summary>1 when the migrations table exists, 0 when the database was never migrated.</summary>
    internal string MigrationsTableExists => Provider switch
    {
        DatabaseProvider.PostgreSQL => "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'schema_migrations';",
        _ => "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations';",
    };

    /// <summary>
    /// Makes transactions naming the same <paramref name="purpose"/> run one after another, for a
    /// check-then-write whose check reads rows other than the one it writes. SQLite needs nothing:
    /// Microsoft.Data.Sqlite begins every transaction IMMEDIATE, which holds the database's one write
    /// lock. PostgreSQL (READ COMMITTED) would let two such transactions both pass their checks, so
    /// they take a transaction-scoped advisory lock, released by commit or rollback.
    /// </summary>
    internal async Task SerializeAsync(DbTransaction transaction, string purpose, CancellationToken cancellationToken)
    {
        if (Provider != DatabaseProvider.PostgreSQL)
        {
            return;
        }
        await using var command = transaction.Connection!.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(hashtext($1));";
        command.Parameters.Add(new NpgsqlParameter { Value = purpose });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
